"""Readers of the territorial reference files shipped in pilote/territoires/data/."""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    zone: str
    population: int


@dataclass(frozen=True)
class FormerRegionRow:
    code: str
    name: str
    successor_code: str


@dataclass(frozen=True)
class DepartementRow:
    code: str
    name: str
    region_code: str
    former_region_code: str
    population: int


@dataclass(frozen=True)
class ArsRow:
    code: str
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    region_codes: tuple[str, ...]


def _rows(name: str):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def regions() -> list[RegionRow]:
    return [
        RegionRow(r["code"], r["nom"], r["zone"], int(r["population_municipale"]))
        for r in _rows("regions.csv")
    ]


def former_regions() -> list[FormerRegionRow]:
    return [
        FormerRegionRow(r["code"], r["nom"], r["region_2016"])
        for r in _rows("regions_avant_2016.csv")
    ]


def departements() -> list[DepartementRow]:
    return [
        DepartementRow(
            r["code"],
            r["nom"],
            r["region_2016"],
            r["region_avant_2016"],
            int(r["population_municipale"]),
        )
        for r in _rows("departements.csv")
    ]


def ars_areas() -> list[ArsRow]:
    return [
        ArsRow(r["code"], r["nom"], _date(r["debut"]), _date(r["fin"]), tuple(r["regions"].split()))
        for r in _rows("ars.csv")
    ]
