"""Which territory a survey line is about: an INSEE region code valid in the line's year, or
the code of an ARS area of the reference data (ARS Océan Indien: La Réunion and Mayotte until
2019); and the region of today it rolls up to (through `territoires.services`)."""

import datetime
from dataclasses import dataclass

from pilote.territoires.models import ArsArea, Territory
from pilote.territoires.services import FORMER_REGIONS_FROM, current_territory_for


def reference_day(year: int) -> datetime.date:
    """The day a year's territories are read on: its last day; before 2011 (where the
    reference data starts, the regions then being those of 2011) the reference's first day."""
    return max(datetime.date(year, 12, 31), FORMER_REGIONS_FROM)


@dataclass(frozen=True)
class Place:
    code: str
    territory: Territory | None
    ars_area: ArsArea | None
    region: Territory  # today's region, for scoping and roll-ups

    @property
    def name(self) -> str:
        return (self.ars_area or self.territory).name


class PlaceResolver:
    """Caches the territories of each year over a whole file."""

    def __init__(self):
        self._years: dict[int, tuple[dict, dict]] = {}

    def _for_year(self, year: int):
        if year not in self._years:
            day = reference_day(year)
            regions = {t.code: t for t in Territory.objects.valid_on(day).regions()}
            areas = {a.code: a for a in ArsArea.objects.valid_on(day).prefetch_related("regions")}
            self._years[year] = (regions, areas)
        return self._years[year]

    def resolve(self, code: str, year: int) -> Place | None:
        regions, areas = self._for_year(year)
        territory = regions.get(code)
        if territory is not None:
            return Place(code, territory, None, current_territory_for(territory))
        area = areas.get(code) or areas.get(code.upper())
        if area is not None:
            covered = sorted(area.regions.all(), key=lambda r: r.code)
            if covered:
                return Place(area.code, None, area, current_territory_for(covered[0]))
        return None

    def codes(self, year: int) -> list[str]:
        regions, areas = self._for_year(year)
        return sorted(regions) + sorted(areas)
