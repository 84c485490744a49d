"""Generate FINESS extraction files in the exact published layout (demo data, tests, bench).

The layout follows FORMATS.md: manifest line, `structureet` lines (31 fields, plus the trailing
field of recent files), then the `geolocalisation` section; `;`-separated, standard CSV quoting,
CRLF line endings, UTF-8 or Windows-1252.
"""

import csv
import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pilote.acteurs.finess_reader import insee_departement
from pilote.acteurs.validation import luhn_is_valid
from pilote.territoires.postcodes import departement_prefix

# (FINESS département code, INSEE code, main towns with their postcode)
TOWNS = {
    "01": [("Bourg-en-Bresse", "01000", "053"), ("Ambérieu-en-Bugey", "01500", "004")],
    "03": [("Moulins", "03000", "190"), ("Montluçon", "03100", "185"), ("Vichy", "03200", "310")],
    "07": [("Privas", "07000", "186"), ("Aubenas", "07200", "019")],
    "15": [("Aurillac", "15000", "014"), ("Saint-Flour", "15100", "187")],
    "26": [("Valence", "26000", "362"), ("Montélimar", "26200", "198")],
    "38": [("Grenoble", "38000", "185"), ("Vienne", "38200", "544"), ("Voiron", "38500", "563")],
    "42": [("Saint-Étienne", "42000", "218"), ("Roanne", "42300", "187")],
    "43": [("Le Puy-en-Velay", "43000", "157")],
    "63": [
        ("Clermont-Ferrand", "63000", "113"),
        ("Riom", "63200", "300"),
        ("Thiers", "63300", "430"),
    ],
    "69": [
        ("Lyon", "69003", "383"),
        ("Villeurbanne", "69100", "266"),
        ("Vénissieux", "69200", "259"),
    ],
    "73": [("Chambéry", "73000", "065"), ("Albertville", "73200", "011")],
    "74": [("Annecy", "74000", "010"), ("Thonon-les-Bains", "74200", "281")],
    "21": [("Dijon", "21000", "231"), ("Beaune", "21200", "054")],
    "25": [
        ("Besançon", "25000", "056"),
        ("Montbéliard", "25200", "388"),
        ("Pontarlier", "25300", "462"),
    ],
    "39": [("Lons-le-Saunier", "39000", "300"), ("Dole", "39100", "198")],
    "58": [("Nevers", "58000", "194"), ("Cosne-Cours-sur-Loire", "58200", "086")],
    "70": [("Vesoul", "70000", "550"), ("Lure", "70200", "310")],
    "71": [
        ("Mâcon", "71000", "270"),
        ("Chalon-sur-Saône", "71100", "076"),
        ("Le Creusot", "71200", "153"),
    ],
    "89": [("Auxerre", "89000", "024"), ("Sens", "89100", "387")],
    "90": [("Belfort", "90000", "010")],
    "09": [("Foix", "09000", "122"), ("Pamiers", "09100", "225")],
    "11": [("Carcassonne", "11000", "069"), ("Narbonne", "11100", "262")],
    "12": [("Rodez", "12000", "202"), ("Millau", "12100", "145")],
    "30": [("Nîmes", "30000", "189"), ("Alès", "30100", "007")],
    "31": [
        ("Toulouse", "31000", "555"),
        ("Muret", "31600", "395"),
        ("Saint-Gaudens", "31800", "483"),
    ],
    "32": [("Auch", "32000", "013")],
    "34": [("Montpellier", "34000", "172"), ("Béziers", "34500", "032"), ("Sète", "34200", "301")],
    "46": [("Cahors", "46000", "042"), ("Figeac", "46100", "102")],
    "48": [("Mende", "48000", "095")],
    "65": [("Tarbes", "65000", "440"), ("Lourdes", "65100", "286")],
    "66": [("Perpignan", "66000", "136")],
    "81": [("Albi", "81000", "004"), ("Castres", "81100", "065")],
    "82": [("Montauban", "82000", "121")],
    "9A": [
        ("Les Abymes", "97139", "101"),
        ("Saint-Martin", "97150", "127"),
        ("Saint-Barthélemy", "97133", "123"),
    ],
    "9D": [("Saint-Denis", "97400", "411")],
    "9F": [("Mamoudzou", "97600", "611")],
}

# category code, category label, aggregate code, aggregate label, public-service label, name
KINDS = [
    (
        "355",
        "Centre Hospitalier (C.H.)",
        "1102",
        "Centres Hospitaliers",
        "Etablissement public de santé",
        "CENTRE HOSPITALIER DE {town}",
        2,
    ),
    (
        "365",
        "Etablissement de Soins Pluridisciplinaire",
        "1110",
        "Autres Etablissements de Soins",
        "Etablissement de santé privé d'intérêt collectif",
        "HOPITAL PRIVE {town} - {family}",
        1,
    ),
    (
        "128",
        "Etablissement de Soins Chirurgicaux",
        "1110",
        "Autres Etablissements de Soins",
        "Etablissement de santé privé non habilité",
        "CLINIQUE {saint} {town}",
        1,
    ),
    (
        "500",
        "Etablissement d'hébergement pour personnes âgées dépendantes",
        "4401",
        "Etablissements et Services pour Personnes Agées",
        "",
        "EHPAD {flower}",
        6,
    ),
    (
        "183",
        "Institut Médico-Educatif (I.M.E.)",
        "4301",
        "Etablissements et Services pour l'Enfance et la Jeunesse Handicapée",
        "",
        "IME {saint}",
        1,
    ),
    (
        "603",
        "Maison de santé (L.6223-3)",
        "2204",
        "Autres Centres de Santé",
        "",
        "MAISON DE SANTE PLURIPROFESSIONNELLE {town}",
        3,
    ),
    (
        "124",
        "Centre de Santé",
        "2204",
        "Autres Centres de Santé",
        "",
        "CENTRE DE SANTE {flower}",
        2,
    ),
    (
        "611",
        "Laboratoire de Biologie Médicale",
        "3101",
        "Laboratoires d'Analyses",
        "",
        "LABORATOIRE {family} BIOLOGIE",
        2,
    ),
    ("620", "Pharmacie d'Officine", "3301", "Pharmacies d'Officine", "", "PHARMACIE {family}", 12),
]
SAINTS = ["SAINT-JOSEPH", "SAINTE-MARIE", "SAINT-LUC", "SAINT-VINCENT", "SAINTE-ANNE", "SAINT-ROCH"]
FLOWERS = [
    "LES GLYCINES",
    "LES TILLEULS",
    "LE CLOS FLEURI",
    "LES CHARMILLES",
    "LES OLIVIERS",
    "LA ROSERAIE",
    "LES MIMOSAS",
    "LE VAL D'ARGENT",
    "LES LILAS",
    "BEAUSOLEIL",
]
FAMILIES = [
    "MARTIN",
    "BERNARD",
    "DUBOIS",
    "THOMAS",
    "ROBERT",
    "RICHARD",
    "PETIT",
    "DURAND",
    "LEROY",
    "MOREAU",
    "SIMON",
    "LAURENT",
    "LEFEBVRE",
    "MICHEL",
    "GARCIA",
    "DAVID",
    "BERTRAND",
    "ROUX",
    "VINCENT",
    "FOURNIER",
    "MOREL",
    "GIRARD",
    "ANDRE",
    "MERCIER",
]
STREETS = [
    ("R", "DE LA REPUBLIQUE"),
    ("AV", "JEAN JAURES"),
    ("BD", "VICTOR HUGO"),
    ("R", "PASTEUR"),
    ("PL", "DE LA MAIRIE"),
    ("CHE", "DES VIGNES"),
    ("R", "DU 8 MAI 1945"),
]


@dataclass
class SampleOptions:
    encoding: str = "utf-8"
    trailing_field: bool = True
    date_style: str = "iso"  # "iso" (current files) or "fr" (2016 files, DD/MM/YYYY)
    geolocation: bool = True
    extracted_on: datetime.date = datetime.date(2026, 11, 20)


def _date(day: datetime.date, style: str) -> str:
    return day.strftime("%d/%m/%Y") if style == "fr" else day.isoformat()


def _main_postcode(dep: str) -> str:
    """A postcode of the FINESS département `dep` (9B → 97200, 2A → 20000, 21 → 21000)."""
    prefix = departement_prefix(insee_departement(dep, ""))
    return prefix + "0" * (5 - len(prefix))


def _siret(rng: random.Random) -> str:
    """A random SIRET whose Luhn key is right (the import ignores the others)."""
    body = f"{rng.randint(10**12, 10**13 - 1)}"
    return next(body + key for key in "0123456789" if luhn_is_valid(body + key))


def _finess(dep: str, serial: int, rng: random.Random) -> str:
    return f"{dep}{serial:06d}{rng.randint(0, 9)}"


def establishment_rows(
    departements: Iterable[str], per_departement: int, seed: int = 2016, style: str = "iso"
):
    """Yield structureet field lists (31 fields) for realistic establishments."""
    rng = random.Random(seed)
    weights = [k[6] for k in KINDS]
    serial = 0
    for dep in departements:
        towns = TOWNS.get(dep) or [(f"COMMUNE {dep}", _main_postcode(dep), "001")]
        ej_pool: list[str] = []
        for index in range(per_departement):
            serial += 1
            kind = KINDS[0] if index == 0 else rng.choices(KINDS, weights)[0]
            town, postcode, commune = (
                towns[index % len(towns)] if index < len(towns) else rng.choice(towns)
            )
            name = kind[5].format(
                town=town.upper(),
                saint=rng.choice(SAINTS),
                flower=rng.choice(FLOWERS),
                family=rng.choice(FAMILIES),
            )
            if ej_pool and kind[0] in ("500", "620", "611") and rng.random() < 0.3:
                ej = rng.choice(ej_pool)
            else:
                serial += 1
                ej = _finess(dep, serial, rng)
                ej_pool.append(ej)
            et = _finess(dep, serial + 500000, rng)
            typvoie, voie = rng.choice(STREETS)
            opened = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 22000))
            updated = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 900))
            siret = _siret(rng) if rng.random() < 0.8 else ""
            yield [
                "structureet",
                et,
                ej,
                name[:38],
                name,
                "",
                "",
                str(rng.randint(1, 120)),
                typvoie,
                voie,
                "",
                "",
                commune,
                dep,
                "",
                f"{postcode} {town.upper()}",
                f"0{rng.randint(100000000, 999999999)}",
                "",
                kind[0],
                kind[1],
                kind[2],
                kind[3],
                siret,
                "8610Z" if kind[0] in ("355", "365", "128") else "8710A",
                "",
                "",
                "",
                kind[4],
                _date(opened, style),
                _date(opened, style),
                _date(updated, style),
            ]


def geolocation_row(et: str, rng: random.Random, style: str) -> list[str]:
    return [
        "geolocalisation",
        et,
        f"{rng.uniform(100000, 1200000):.1f}",
        f"{rng.uniform(6100000, 7100000):.1f}",
        "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93",
        _date(datetime.date(2025, 3, 1), style),
    ]


def write_finess(
    path: Path, rows: Iterable[list[str]], options: SampleOptions | None = None, seed: int = 7
) -> int:
    """Write the manifest, the given structureet rows and their geolocation; return line count."""
    options = options or SampleOptions()
    rng = random.Random(seed)
    geo_ids = []
    lines = 1
    with Path(path).open("w", encoding=options.encoding, newline="") as handle:
        handle.write(f"finess;etalab;100;{options.extracted_on.isoformat()}\r\n")
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        for row in rows:
            fields = list(row) + ([""] if options.trailing_field else [])
            writer.writerow(fields)
            lines += 1
            if row[0] == "structureet" and options.geolocation:
                geo_ids.append(row[1])
        for et in geo_ids:
            writer.writerow(geolocation_row(et, rng, options.date_style))
            lines += 1
    return lines
