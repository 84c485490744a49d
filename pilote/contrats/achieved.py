"""What a CPOM objective achieved in a year, computed, never typed.

- an indicator: the indicator module's own value (`indicateurs.analytics.indicator_table`, the
  roll-up of accepted data) for the region, at the latest accepted period of the year;
- a data element: its published value (`DataValue.objects.published()`: accepted data only)
  for the territory or the establishment, options summed, at the latest accepted period of the
  year;
- milestones reached: the operator's projects' milestones whose actual date falls in the year;
- projects in production: the operator's projects in production at the end of the year (the
  project's history for a past year)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, Sum

from pilote.contrats.models import Objective, ObjectiveSource
from pilote.indicateurs import analytics
from pilote.indicateurs.models import DataValue, RegionAggregate
from pilote.indicateurs.periods import parse
from pilote.portefeuille.models import Milestone, Phase, Project


@dataclass(frozen=True)
class Achieved:
    value: float | None
    period: str = ""  # the accepted period the value was read at ("" for portfolio counts)

    @property
    def period_label(self) -> str:
        return parse(self.period).label() if self.period else ""


NONE = Achieved(None)


def latest_period(codes) -> str | None:
    """The latest period among `codes` (the finest one when several end on the same day)."""
    periods = [parse(c) for c in set(codes)]
    if not periods:
        return None
    return max(periods, key=lambda p: (p.end, p.start)).code


def _indicator(objective: Objective, year: int) -> Achieved:
    indicator, region_id = objective.indicator, objective.territory_id
    codes = (
        RegionAggregate.objects.in_region(region_id)
        .filter(data_element_id=indicator.numerator_id, period__startswith=str(year))
        .values_list("period", flat=True)
    )
    code = latest_period(codes)
    if code is None:
        return NONE
    table = analytics.indicator_table([indicator], parse(code), region_ids=[region_id])
    return Achieved(table.get((indicator.pk, region_id)), code)


def published_values(objective: Objective):
    """The published values of the objective's data element for its territory or establishment."""
    values = DataValue.objects.published().filter(data_element_id=objective.data_element_id)
    if objective.organisation_id:
        return values.filter(organisation_id=objective.organisation_id)
    return values.filter(territory_id=objective.territory_id, organisation__isnull=True)


def _data_element(objective: Objective, year: int) -> Achieved:
    values = published_values(objective).filter(period__startswith=str(year))
    code = latest_period(values.values_list("period", flat=True))
    if code is None:
        return NONE
    total = values.filter(period=code).aggregate(total=Sum("published"))["total"]
    return Achieved(total, code)


def operator_projects(cpom):
    """The projects the operator carries in the CPOM's region (MOA or delegated MOA)."""
    return Project.objects.in_region(cpom.region_id).filter(
        Q(moa_id=cpom.operator_id) | Q(moa_delegate_id=cpom.operator_id)
    )


def _milestones(cpom, year: int) -> Achieved:
    count = Milestone.objects.filter(
        project__in=operator_projects(cpom).values("pk"), actual_on__year=year
    ).count()
    return Achieved(float(count))


def _in_production(cpom, year: int, today: datetime.date) -> Achieved:
    if year > today.year:
        return NONE
    if year == today.year:
        return Achieved(float(operator_projects(cpom).in_production().count()))
    end = datetime.datetime.combine(datetime.date(year, 12, 31), datetime.time.max)
    end = end.replace(tzinfo=datetime.UTC)
    ids = set(operator_projects(cpom).values_list("pk", flat=True))
    then = Project.history.as_of(end).filter(phase=Phase.PRODUCTION)
    return Achieved(float(sum(1 for p in then if p.pk in ids)))


def achieved(objective: Objective, year: int, today: datetime.date | None = None) -> Achieved:
    today = today or datetime.date.today()
    source = objective.source
    if source == ObjectiveSource.INDICATOR:
        return _indicator(objective, year)
    if source == ObjectiveSource.DATA_ELEMENT:
        return _data_element(objective, year)
    cpom = objective.version.cpom
    if source == ObjectiveSource.MILESTONES:
        return _milestones(cpom, year) if year <= today.year else NONE
    return _in_production(cpom, year, today)


@dataclass
class Row:
    objective: Objective
    target: float | None
    achieved: Achieved
    previous: Achieved

    @property
    def reached(self) -> bool | None:
        if self.target is None or self.achieved.value is None:
            return None
        return self.achieved.value >= self.target


def review_rows(version, year: int, today: datetime.date | None = None) -> list[Row]:
    """Each objective of `version` with its target for `year`, what it achieved in `year` and
    in the year before."""
    objectives = version.objectives.select_related(
        "indicator__numerator",
        "indicator__denominator",
        "data_element",
        "territory",
        "organisation",
        "version__cpom",
    ).prefetch_related("targets")
    rows = []
    for objective in objectives:
        targets = {t.year: t.value for t in objective.targets.all()}
        rows.append(
            Row(
                objective,
                targets.get(year),
                achieved(objective, year, today),
                achieved(objective, year - 1, today),
            )
        )
    return rows
