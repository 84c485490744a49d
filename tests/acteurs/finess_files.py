"""FINESS files written line by line in the published layout, for the import tests."""

from pathlib import Path

MANIFEST = "finess;etalab;100;2026-11-20"


def structure(
    et,
    ej,
    rs,
    dep,
    commune,
    acheminement,
    cat="355",
    catlabel="Centre Hospitalier (C.H.)",
    sph="Etablissement public de santé",
    siret="26210001600019",
    dateouv="1970-01-01",
    datemaj="2026-10-02",
    trailing=True,
    rslongue=None,
):
    fields = [
        "structureet",
        et,
        ej,
        rs,
        rslongue if rslongue is not None else rs,
        "",
        "",
        "3",
        "R",
        "DU FAUBOURG RAINES",
        "",
        "BP 1519",
        commune,
        dep,
        "",
        acheminement,
        "0380293000",
        "",
        cat,
        catlabel,
        "1102",
        "Centres Hospitaliers",
        siret,
        "8610Z",
        "03",
        "ARS établissements",
        "1",
        sph,
        dateouv,
        dateouv,
        datemaj,
    ]
    if trailing:
        fields.append("")
    return fields


def geo(
    et,
    x="854512.3",
    y="6690123.4",
    source="1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93",
    datemaj="2026-10-02",
):
    return ["geolocalisation", et, x, y, source, datemaj]


def quote(field: str) -> str:
    if any(c in field for c in ';"\r\n'):
        return '"' + field.replace('"', '""') + '"'
    return field


def write(
    path: Path, rows, encoding="utf-8", manifest=MANIFEST, newline="\r\n", final_newline=True
) -> Path:
    text = newline.join([manifest] + [";".join(quote(f) for f in row) for row in rows])
    if final_newline:
        text += newline
    path.write_bytes(text.encode(encoding))
    return path


CHU_DIJON = structure(
    "210780581",
    "210780581",
    "CHU DIJON BOURGOGNE",
    "21",
    "231",
    "21000 DIJON",
    cat="101",
    catlabel="Centre Hospitalier Régional (C.H.R.)",
)
EHPAD_QUOTED = structure(
    "210011218",
    "210011200",
    'EHPAD "LES TILLEULS"; SITE NORD',
    "21",
    "054",
    "21200 BEAUNE",
    cat="500",
    catlabel="E.H.P.A.D.",
    sph="",
    siret="",
)
CLINIQUE_BESANCON = structure(
    "250000536",
    "250000510",
    "CLINIQUE SAINT-VINCENT",
    "25",
    "056",
    "25000 BESANCON",
    cat="365",
    catlabel="Etablissement de Soins Pluridisciplinaire",
    sph="Etablissement de santé privé d'intérêt collectif",
)
CHU_POINTE_A_PITRE = structure(
    "9A0000013",
    "9A0000005",
    "CHU DE POINTE-A-PITRE/ABYMES",
    "9A",
    "101",
    "97139 LES ABYMES",
    cat="101",
    catlabel="C.H.R.",
)
HOPITAL_SAINT_MARTIN = structure(
    "9A0000229", "9A0000211", "CH LOUIS-CONSTANT FLEMING", "9A", "127", "97150 SAINT MARTIN"
)
CHM_MAYOTTE = structure(
    "9F0000013", "9F0000005", "CENTRE HOSPITALIER DE MAYOTTE", "9F", "611", "97600 MAMOUDZOU"
)
CHU_REUNION = structure(
    "9D0000023", "9D0000015", "CHU DE LA RÉUNION — SITE SUD", "9D", "416", "97410 SAINT-PIERRE"
)
