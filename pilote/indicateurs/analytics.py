"""Roll-ups of accepted values: along the territory tree (organisations → région → nation, former
regions → today's region) and across time (month → quarter → semester → year).

Ratios are recomputed from their numerator and denominator totals, never averaged. The store is
`RegionAggregate`, refreshed inside the acceptance transaction."""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum

from pilote.core import public_cache
from pilote.core.bulk import analyze_after_commit
from pilote.indicateurs.models import (
    Aggregation,
    DataElement,
    DataValue,
    Indicator,
    RegionAggregate,
    Target,
)
from pilote.indicateurs.periods import MONTH, QUARTER, SEMESTER, YEAR, Period, parse, series
from pilote.territoires.models import Level, Territory

NATION = None  # key of the national total in result dictionaries


@transaction.atomic
def refresh_aggregates(*, region_ids, periods) -> int:
    """Recompute the aggregates of these regions and periods from the accepted values."""
    region_ids, periods = list(region_ids), list(periods)
    RegionAggregate.objects.in_regions(region_ids).filter(period__in=periods).delete()
    rows = (
        DataValue.objects.in_regions(region_ids)
        .filter(period__in=periods)
        .published()
        .values("data_element_id", "option", "region_id", "period")
        .annotate(total=Sum("published"), count=Count("pk"))
        .order_by()
    )
    created = RegionAggregate.objects.bulk_create(
        [RegionAggregate(**row) for row in rows.iterator(chunk_size=5000)], batch_size=2000
    )
    analyze_after_commit(RegionAggregate)
    public_cache.changed(RegionAggregate)  # bulk writes send no signal
    return len(created)


def native_codes(period: Period) -> list[str]:
    """The codes of every period (of any finer or equal type) inside `period`."""
    codes = [period.code]
    if period.type == MONTH:
        return codes
    year = period.start.year
    candidates = (
        [f"{year}{m:02d}" for m in range(1, 13)]
        + [f"{year}Q{q}" for q in range(1, 5)]
        + [f"{year}S{s}" for s in (1, 2)]
        + [f"{year}"]
    )
    for code in candidates:
        p = parse(code)
        if code != period.code and period.contains(p):
            codes.append(code)
    return codes


@dataclass
class Totals:
    total: float
    count: int


def element_totals(element_ids, period: Period, region_ids=None, aggregation=None) -> dict:
    """{(element_id, region_id | NATION): Totals} over `period`, options summed. `aggregation`:
    {element id: Aggregation} if known (else read)."""
    qs = RegionAggregate.objects.filter(
        data_element_id__in=element_ids, period__in=native_codes(period)
    )
    if region_ids is not None:
        qs = qs.in_regions(region_ids)
    rows = qs.values_list("data_element_id", "region_id", "period", "total", "count")
    return _with_nation(_over_time(element_ids, rows, aggregation), element_ids)


def _with_nation(result: dict, element_ids) -> dict:
    for element_id in element_ids:
        cells = [t for (e, r), t in result.items() if e == element_id and r is not NATION]
        if cells:
            result[(element_id, NATION)] = _summed(cells)
    return result


def _summed(cells: list[Totals]) -> Totals:
    """Totals of several territories together (a ratio is recomputed from these, not averaged)."""
    return Totals(sum(c.total for c in cells), sum(c.count for c in cells))


def _over_time(element_ids, rows, aggregation: dict | None = None) -> dict:
    """{(element_id, key): Totals} from rows (element_id, key, period code, total, count) of the
    periods inside a wider one: summed, or the latest period's for a stock ("last value")."""
    if aggregation is None:
        aggregation = _aggregations(element_ids)
    by_period: dict = defaultdict(lambda: defaultdict(lambda: [0.0, 0]))
    for element_id, key, code, total, count in rows:
        cell = by_period[(element_id, key)][code]
        cell[0] += total
        cell[1] += count
    result = {}
    for (element_id, key), periods in by_period.items():
        if aggregation[element_id] == Aggregation.LAST:
            latest = max(periods, key=_latest_first)
            total, count = periods[latest]
        else:
            total = sum(v[0] for v in periods.values())
            count = sum(v[1] for v in periods.values())
        result[(element_id, key)] = Totals(total, count)
    return result


def _latest_first(code: str) -> tuple:
    """Sort key of the period whose value a stock keeps: the latest end, then the shortest."""
    return (parse(code).end, -_span(code))


def _aggregations(element_ids) -> dict:
    return dict(DataElement.objects.filter(pk__in=element_ids).values_list("pk", "aggregation"))


def _element_ids(indicators) -> set:
    return {i.numerator_id for i in indicators} | {
        i.denominator_id for i in indicators if i.denominator_id
    }


def _published_totals(
    values, element_ids, period: Period, key_field: str, aggregation: dict | None = None
) -> dict:
    """{(element_id, key): Totals} of the published `values` over `period`, by `key_field`."""
    rows = (
        values.filter(period__in=native_codes(period), data_element_id__in=element_ids)
        .published()
        .values_list("data_element_id", key_field, "period")
        .annotate(total=Sum("published"), count=Count("pk"))
        .order_by()
    )
    return _over_time(element_ids, rows, aggregation)


def _aggregations_of(indicators) -> dict:
    """{element id: Aggregation} of the indicators' numerators and denominators, read from the
    indicators (loaded with them by the dashboards: no query)."""
    out = {i.numerator_id: i.numerator.aggregation for i in indicators}
    out.update({i.denominator_id: i.denominator.aggregation for i in indicators if i.is_ratio})
    return out


def subregional_table(indicators, period: Period, region) -> dict:
    """{(indicator_id, territory_id): value} for the départements of a region and its
    infra-regional territories, from the published values of its establishments (computed on
    demand from the values: no stored roll-up to rebuild)."""
    element_ids = _element_ids(indicators)
    totals = _published_totals(
        DataValue.objects.in_region(region).filter(organisation__departement__isnull=False),
        element_ids,
        period,
        "organisation__departement_id",
        _aggregations_of(indicators),
    )
    infra = (
        Territory.objects.current()
        .filter(level=Level.INFRA, parent=region)
        .prefetch_related("departements")
    )
    for territory in infra:
        departements = {d.pk for d in territory.departements.all()}
        for element_id in element_ids:
            cells = [totals.get((element_id, d)) for d in departements]
            cells = [c for c in cells if c is not None]
            if cells:
                totals[(element_id, territory.pk)] = _summed(cells)
    keys = {k for (_e, k) in totals}
    return {(i.pk, key): indicator_value(i, totals, key) for i in indicators for key in keys}


def organisation_table(indicators, period: Period, organisation_ids) -> dict:
    """{(indicator_id, organisation_id): value} for establishments, from their published values
    (the same roll-up over time and the same ratio as the dashboards)."""
    element_ids = _element_ids(indicators)
    totals = _published_totals(
        DataValue.objects.filter(organisation_id__in=organisation_ids),
        element_ids,
        period,
        "organisation_id",
    )
    keys = {k for (_e, k) in totals}
    return {(i.pk, key): indicator_value(i, totals, key) for i in indicators for key in keys}


def _span(code: str) -> int:
    return {MONTH: 1, QUARTER: 3, SEMESTER: 6, YEAR: 12}[parse(code).type]


def _element_value(element_aggregation: str, totals: Totals | None) -> float | None:
    if totals is None or totals.count == 0:
        return None
    if element_aggregation == Aggregation.AVERAGE:
        return totals.total / totals.count
    return totals.total


def indicator_value(indicator: Indicator, totals: dict, key) -> float | None:
    numerator = _element_value(
        indicator.numerator.aggregation, totals.get((indicator.numerator_id, key))
    )
    if numerator is None:
        return None
    if not indicator.is_ratio:
        return _finite(numerator * indicator.factor)
    denominator = _element_value(
        indicator.denominator.aggregation, totals.get((indicator.denominator_id, key))
    )
    if not denominator:
        return None
    return _finite(numerator / denominator * indicator.factor)


def _finite(value: float) -> float | None:
    """No value rather than an infinite one (a tiny denominator, totals stored before values
    were bounded): dashboards and open data never show nor emit infinity."""
    return value if math.isfinite(value) else None


def indicator_table(indicators, period: Period, region_ids=None) -> dict:
    """{(indicator_id, region_id | NATION): value} for a dashboard (one aggregate query)."""
    element_ids = _element_ids(indicators)
    totals = element_totals(element_ids, period, region_ids, _aggregations_of(indicators))
    keys = {k for (_e, k) in totals}
    return {(i.pk, key): indicator_value(i, totals, key) for i in indicators for key in keys}


def targets_for(indicators, period: Period, region_ids) -> dict:
    """{(indicator_id, region_id | NATION): target}: the region's own target for the period's
    year, else the national one (latest year not after the period)."""
    rows = Target.objects.filter(indicator__in=indicators, period__lte=str(period.year)).order_by(
        "period"
    )
    national, regional = {}, {}
    for t in rows:
        if len(t.period) != 4:
            continue
        if t.territory_id is None:
            national[t.indicator_id] = t.value
        else:
            regional[(t.indicator_id, t.territory_id)] = t.value
    out = {}
    for indicator in indicators:
        out[(indicator.pk, NATION)] = national.get(indicator.pk)
        for region_id in region_ids:
            out[(indicator.pk, region_id)] = regional.get(
                (indicator.pk, region_id), national.get(indicator.pk)
            )
    return out


def time_series(
    indicator: Indicator, region_id, first: str, last: str
) -> list[tuple[str, float | None]]:
    """Values of an indicator for one region (or NATION) over a range of periods."""
    return time_series_many([indicator], region_id, first, last)[indicator.pk]


def time_series_many(indicators, region_id, first: str, last: str) -> dict:
    """{indicator id: [(period code, value)]}: the values of several indicators for one region
    (or NATION) over a range of periods, in one query whatever the number of indicators and
    periods."""
    periods = series(first, last)
    element_ids = _element_ids(indicators)
    inside = {p.code: native_codes(p) for p in periods}
    qs = RegionAggregate.objects.filter(
        data_element_id__in=element_ids, period__in={c for codes in inside.values() for c in codes}
    )
    if region_id is not NATION:
        qs = qs.in_region(region_id)
    wider = defaultdict(list)  # native period code -> the series' periods containing it
    for code, codes in inside.items():
        for native in codes:
            wider[native].append(code)
    rows_of = defaultdict(list)  # series' period -> its rows, in the query's order
    for row in qs.values_list("data_element_id", "region_id", "period", "total", "count"):
        for code in wider[row[2]]:
            rows_of[code].append(row)
    aggregation = _aggregations_of(indicators)
    out = {i.pk: [] for i in indicators}
    for period in periods:
        rows = rows_of.get(period.code, [])
        totals = _with_nation(_over_time(element_ids, rows, aggregation), element_ids)
        for indicator in indicators:
            out[indicator.pk].append((period.code, indicator_value(indicator, totals, region_id)))
    return out


def latest_accepted_period(kind: str = SEMESTER) -> str | None:
    codes = RegionAggregate.objects.values_list("period", flat=True).distinct()
    candidates = [parse(c) for c in codes if parse(c).type == kind]
    return max(candidates).code if candidates else None
