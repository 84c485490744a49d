"""A small territorial reference for the survey's tests, shaped like `load_reference`'s (the
full load takes long on a busy machine): today's regions 27, 84, 04 and 06 from 2016, the
regions of 2011–2015 that roll up to them, a few départements, and the ARS areas (the ARS
Océan Indien covering La Réunion and Mayotte until 2019). Populations are round numbers so
that the tests' hand computations stay readable."""

import datetime

from pilote.territoires.models import ArsArea, Level, Territory, Zone

REFORM = datetime.date(2016, 1, 1)
FORMER_FROM = datetime.date(2011, 1, 1)
FORMER_TO = datetime.date(2015, 12, 31)
OI_TO = datetime.date(2019, 12, 31)

CURRENT = {
    "27": ("Bourgogne-Franche-Comté", Zone.METRO, 2_800_000),
    "84": ("Auvergne-Rhône-Alpes", Zone.METRO, 8_000_000),
    "04": ("La Réunion", Zone.DROM, 860_000),
    "06": ("Mayotte", Zone.DROM, 300_000),
}
FORMER = {
    "26": ("Bourgogne", "27", 1_600_000),
    "43": ("Franche-Comté", "27", 1_200_000),
    "82": ("Rhône-Alpes", "84", 6_600_000),
    "83": ("Auvergne", "84", 1_400_000),
    "04": ("La Réunion", "04", 860_000),
    "06": ("Mayotte", "06", 300_000),
}
DEPARTEMENTS = {"21": ("Côte-d'Or", "27", "26"), "69": ("Rhône", "84", "82")}
AREAS = [
    ("ARS-27", "ARS Bourgogne-Franche-Comté", REFORM, None, ["27"]),
    ("ARS-84", "ARS Auvergne-Rhône-Alpes", REFORM, None, ["84"]),
    ("ARS-26-2010", "ARS Bourgogne", datetime.date(2010, 4, 1), FORMER_TO, ["26"]),
    (
        "ARS-OI",
        "ARS Océan Indien",
        datetime.date(2010, 4, 1),
        datetime.date(2019, 12, 31),
        ["04", "06"],
    ),
    ("ARS-04", "ARS La Réunion", datetime.date(2020, 1, 1), None, ["04"]),
]


def load_small_reference():
    nation = Territory.objects.create(level=Level.NATION, code="FR", name="France")
    current = {
        code: Territory.objects.create(
            level=Level.REGION,
            code=code,
            name=name,
            zone=zone,
            population=population,
            parent=nation,
            valid_from=REFORM,
        )
        for code, (name, zone, population) in CURRENT.items()
    }
    former = {
        code: Territory.objects.create(
            level=Level.REGION,
            code=code,
            name=name,
            zone=current[successor].zone,
            population=population,
            parent=nation,
            valid_from=FORMER_FROM,
            valid_to=FORMER_TO,
            successor=current[successor],
        )
        for code, (name, successor, population) in FORMER.items()
    }
    for code, (name, region, former_region) in DEPARTEMENTS.items():
        Territory.objects.create(
            level=Level.DEPARTEMENT,
            code=code,
            name=name,
            parent=current[region],
            former_parent=former[former_region],
            zone=Zone.METRO,
            population=1_000_000,
        )
    for code, name, start, end, regions in AREAS:
        area = ArsArea.objects.create(code=code, name=name, valid_from=start, valid_to=end)
        covered = [current[c] for c in regions if c in current and (end is None or end >= REFORM)]
        covered += [former[c] for c in regions if c in former and start <= FORMER_TO]
        area.regions.set(covered)
