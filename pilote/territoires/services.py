"""Territory services: reference loading, roll-up of former territories, infra-regional areas."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pilote.core.history import assign, attribute, save_with_history
from pilote.territoires import perms, reference
from pilote.territoires.models import ArsArea, InfraKind, Level, Territory

REFORM_DAY = datetime.date(2016, 1, 1)
LAST_DAY_BEFORE_REFORM = datetime.date(2015, 12, 31)
FORMER_REGIONS_FROM = datetime.date(2011, 1, 1)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return _("%(c)d créés, %(u)d mis à jour, %(n)d inchangés") % {
            "c": self.created,
            "u": self.updated,
            "n": self.unchanged,
        }


def _upsert(report: LoadReport, acting_user, lookup: dict, values: dict) -> Territory:
    territory = Territory.objects.filter(**lookup).first()
    if territory is None:
        territory = Territory(**lookup, **values)
        save_with_history(territory, acting_user=acting_user, reason="Référentiel INSEE")
        report.created += 1
    elif assign(territory, values):
        save_with_history(territory, acting_user=acting_user, reason="Référentiel INSEE")
        report.updated += 1
    else:
        report.unchanged += 1
    return territory


@transaction.atomic
def load_reference(*, acting_user) -> LoadReport:
    """Load or refresh the nation, today's regions and départements, the 2011–2015 regions,
    the 2016 merges and the ARS areas. Idempotent: a second run changes nothing."""
    report = LoadReport()
    nation = _upsert(
        report,
        acting_user,
        {"level": Level.NATION, "code": "FR", "valid_from": None},
        {"name": "France", "parent": None, "zone": "", "population": None},
    )
    current = {}
    for row in reference.regions():
        current[row.code] = _upsert(
            report,
            acting_user,
            {"level": Level.REGION, "code": row.code, "valid_from": REFORM_DAY},
            {"name": row.name, "parent": nation, "zone": row.zone, "population": row.population},
        )
    former_population: dict[str, int] = {}
    for row in reference.departements():
        code = row.former_region_code
        former_population[code] = former_population.get(code, 0) + row.population
    former = {}
    for row in reference.former_regions():
        former[row.code] = _upsert(
            report,
            acting_user,
            {"level": Level.REGION, "code": row.code, "valid_from": FORMER_REGIONS_FROM},
            {
                "name": row.name,
                "parent": nation,
                "zone": current[row.successor_code].zone,
                "valid_to": LAST_DAY_BEFORE_REFORM,
                "successor": current[row.successor_code],
                "population": former_population.get(row.code),
            },
        )
    for row in reference.departements():
        _upsert(
            report,
            acting_user,
            {"level": Level.DEPARTEMENT, "code": row.code, "valid_from": None},
            {
                "name": row.name,
                "parent": current[row.region_code],
                "former_parent": former.get(row.former_region_code),
                "zone": current[row.region_code].zone,
                "population": row.population,
            },
        )
    _load_ars_areas(report, acting_user)
    return report


def _load_ars_areas(report: LoadReport, acting_user) -> None:
    for row in reference.ars_areas():
        area = ArsArea.objects.filter(code=row.code).first()
        values = {"name": row.name, "valid_from": row.valid_from, "valid_to": row.valid_to}
        if area is None:
            area = ArsArea(code=row.code, **values)
            save_with_history(area, acting_user=acting_user, reason="Référentiel ARS")
            report.created += 1
        elif assign(area, values):
            save_with_history(area, acting_user=acting_user, reason="Référentiel ARS")
            report.updated += 1
        else:
            report.unchanged += 1
        regions = [
            t
            for t in Territory.objects.regions().filter(code__in=row.region_codes)
            if _overlaps(t, row.valid_from, row.valid_to)
        ]
        if {r.pk for r in regions} != set(area.regions.values_list("pk", flat=True)):
            attribute(area, acting_user)
            area.regions.set(regions)


def _overlaps(territory: Territory, start, end) -> bool:
    starts_before_end = territory.valid_from is None or end is None or territory.valid_from <= end
    ends_after_start = territory.valid_to is None or start is None or territory.valid_to >= start
    return starts_before_end and ends_after_start


def valid_territories(day: datetime.date, level: str | None = None):
    """The territories valid on `day` (optionally of one level)."""
    qs = Territory.objects.valid_on(day)
    return qs.filter(level=level) if level else qs


def current_territory_for(territory: Territory, day: datetime.date | None = None) -> Territory:
    """The territory valid on `day` (today by default) that a former territory rolls up to.

    Follows the successor chain (e.g. Bourgogne 2011–2015 → Bourgogne-Franche-Comté)."""
    day = day or datetime.date.today()
    seen = set()
    while not territory.is_valid_on(day) and territory.successor_id:
        if territory.pk in seen:  # a cycle in the reference data must not hang a request
            raise ValueError(f"successor cycle at territory {territory.pk}")
        seen.add(territory.pk)
        territory = territory.successor
    return territory


def region_of(territory: Territory) -> Territory | None:
    """Today's region a territory belongs to (itself for a region)."""
    territory = current_territory_for(territory)
    while territory is not None and territory.level not in (Level.REGION, Level.NATION):
        territory = territory.parent
    return territory if territory is not None and territory.level == Level.REGION else None


def ars_area_on(region: Territory, day: datetime.date) -> ArsArea | None:
    """The ARS area that covered `region` on `day` (ARS Océan Indien for Mayotte in 2018)."""
    return ArsArea.objects.valid_on(day).filter(regions=region).first()


@transaction.atomic
def create_infra_territory(
    *,
    acting_user,
    region: Territory,
    code: str,
    name: str,
    kind: str,
    departements: list[Territory],
    valid_from: datetime.date | None = None,
) -> Territory:
    """An infra-regional area defined by an ARS (CASSIS area, GHT…), made of its départements.
    Refusals: PermissionDenied for a user who may not define the region's areas, ValidationError
    (naming the field) for a wrong region, kind, code already used or département elsewhere."""
    if not perms.can_manage_infra_territories(acting_user, region):
        raise PermissionDenied(
            _("Seule l'ARS de la région définit ses territoires infrarégionaux.")
        )
    if region.level != Level.REGION:
        raise ValidationError(_("Un territoire infrarégional doit être rattaché à une région."))
    if kind not in InfraKind.values:
        raise ValidationError({"kind": _("Type de territoire inconnu : %s") % kind})
    code = code.strip().upper()
    if Territory.objects.filter(level=Level.INFRA, code=code).exists():
        raise ValidationError({"code": _("Ce code est déjà utilisé.")})
    outside = [d.name for d in departements if d.parent_id != region.pk]
    if outside:
        raise ValidationError(
            {
                "departements": _("Ces départements n'appartiennent pas à la région %(r)s : %(d)s")
                % {"r": region.name, "d": ", ".join(outside)}
            }
        )
    territory = Territory(
        level=Level.INFRA,
        code=code,
        name=name,
        parent=region,
        infra_kind=kind,
        zone=region.zone,
        valid_from=valid_from,
        population=sum(d.population or 0 for d in departements) or None,
    )
    save_with_history(territory, acting_user=acting_user, reason="Création")
    attribute(territory, acting_user)
    territory.departements.set(departements)
    return territory
