"""Read side of the public dashboards (accepted data only): tables, tiles, series, forecasts."""

from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.translation import gettext as _

from pilote.core.formats import sort_key
from pilote.indicateurs import analytics, coverage
from pilote.indicateurs.coverage import Coverage
from pilote.indicateurs.forecast import fit_logistic, reach
from pilote.indicateurs.models import Indicator
from pilote.indicateurs.models import Level as DatasetLevel
from pilote.indicateurs.periods import SEMESTER, make, parse, shift
from pilote.territoires.models import Level, Territory

# (column, row) of each region on the tile map: no geometry needed.
TILES = {
    "32": (3, 0),
    "28": (2, 1),
    "11": (3, 1),
    "44": (4, 1),
    "53": (1, 2),
    "52": (2, 2),
    "24": (3, 2),
    "27": (4, 2),
    "75": (2, 3),
    "84": (4, 3),
    "76": (3, 4),
    "93": (4, 4),
    "94": (5, 4),
    "01": (0, 5),
    "02": (1, 5),
    "03": (2, 5),
    "04": (3, 5),
    "06": (4, 5),
}
FIRST_PERIOD = "2017S1"


def fmt(value: float | None, unit: str) -> str:
    """A figure as French readers write it: "40 000", "12,5 %" (narrow no-break spaces)."""
    if value is None:
        return "—"
    if unit == "%":
        return f"{value:.1f} %".replace(".", ",")
    return f"{value:,.0f}".replace(",", "\u202f")


@dataclass
class Cell:
    value: float | None
    target: float | None
    unit: str
    coverage: Coverage | None = None  # None: no dataset collects it (no report to count)

    @property
    def partial(self) -> bool:
        """A value computed from part of the expected reporters: shown as such, never
        compared with the target."""
        return self.value is not None and self.coverage is not None and not self.coverage.complete

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.target or self.partial:
            return None
        return self.value / self.target

    @property
    def level(self) -> str:
        """Colour class against the target (also spelled out for screen readers)."""
        if self.partial:
            return "partial"
        ratio = self.ratio
        if ratio is None:
            return "none"
        if ratio >= 1:
            return "reached"
        if ratio >= 0.8:
            return "close"
        if ratio >= 0.5:
            return "far"
        return "very-far"

    @property
    def level_label(self) -> str:
        if self.value is None:
            if self.target:
                return _("aucune valeur acceptée ; cible : %s") % self.display_target()
            return _("aucune valeur acceptée ; pas de cible")
        level = self.level
        if level == "partial":
            return _("total partiel, non comparé à la cible")
        if level == "reached":
            return _("cible atteinte")
        if level == "close":
            return _("80 à 99 % de la cible")
        if level == "far":
            return _("50 à 79 % de la cible")
        if level == "very-far":
            return _("moins de 50 % de la cible")
        return _("pas de cible")

    def display(self) -> str:
        return fmt(self.value, self.unit)

    def display_target(self) -> str:
        return fmt(self.target, self.unit) if self.target else ""

    def td(self, national: bool = False):
        """The table cell (built here rather than by a template included 200 times a page):
        the value, coloured against the target and spelled out for screen readers; the target
        where no value is accepted yet; "(partiel)" after a partial value of a region."""
        if self.value is None:
            target = ""
            if self.target:
                target = format_html(
                    '<br><span class="fr-text--xs">{}</span>',
                    _("cible %s") % self.display_target(),
                )
            return format_html(
                '<td class="pilote-level-{}"><span aria-hidden="true">—</span>'
                '<span class="fr-sr-only">{}</span>{}</td>',
                self.level,
                _("aucune valeur acceptée"),
                target,
            )
        value = self.display()
        if national and not self.partial:
            value = format_html("<strong>{}</strong>", value)
        marker = ""
        if self.partial and not national:
            marker = format_html(' <span class="fr-text--xs">{}</span>', _("(partiel)"))
        label = self.level_label
        if self.target and not self.partial:
            label = f"{label} : {self.display_target()}"
        return format_html(
            '<td class="pilote-level-{}">{}{}<span class="fr-sr-only"> ({})</span></td>',
            self.level,
            value,
            marker,
            label,
        )

    @property
    def national_td(self):
        return self.td(national=True)


def dashboard_indicators():
    return list(
        Indicator.objects.filter(on_dashboard=True).select_related("numerator", "denominator")
    )


def subregional_indicators(dashboard_list) -> list:
    """The dashboard's indicators and those of the datasets entered per establishment (the
    table by département is computed from establishments' values)."""
    from pilote.indicateurs.models import Dataset, Level

    elements = Dataset.objects.filter(level=Level.ORGANISATION).values("data_elements")
    extra = Indicator.objects.filter(numerator__in=elements).exclude(
        pk__in=[i.pk for i in dashboard_list]
    )
    return dashboard_list + list(extra.select_related("numerator", "denominator"))


def regions():
    return sorted(Territory.objects.current().ars_regions(), key=lambda r: sort_key(r.name))


def national_table(period_code: str, indicators=None, state: "Publication | None" = None) -> dict:
    """The national table of a period: one row per region, the national row, the national
    targets, and the coverage of every cell (the national row's says how many regions — or
    establishments — it adds up). `state`: the `publication` of the same indicators, if known
    (its regions, datasets and coverage are not read again)."""
    period = parse(period_code)
    indicators = dashboard_indicators() if indicators is None else indicators
    region_list = state.regions if state else regions()
    region_ids = [r.pk for r in region_list]
    values = analytics.indicator_table(indicators, period)
    targets = analytics.targets_for(indicators, period, region_ids)
    datasets = state.datasets if state else coverage.datasets_of(indicators)
    read = {key[0] for key in state.coverage} if state else set()
    if state and state.option(period.code) and all(d.pk in read for d in datasets.values()):
        covered = coverage.of_indicators(state.coverage, datasets, period.code)
    else:
        covered = coverage.for_indicators(indicators, [period.code], region_ids, datasets=datasets)

    def cell(indicator, key):
        return Cell(
            values.get((indicator.pk, key)),
            targets.get((indicator.pk, key)),
            indicator.unit,
            covered.get((indicator.pk, period.code, key)),
        )

    rows = [
        {
            "region": region,
            "cells": [cell(i, region.pk) for i in indicators],
            "tile": TILES.get(region.code),
        }
        for region in region_list
    ]
    nation = [cell(i, analytics.NATION) for i in indicators]
    # the table's coverage is its main dataset's (an indicator of that dataset gives it)
    primary = coverage.primary_dataset(indicators, datasets)
    main = next((i for i in indicators if primary and datasets.get(i.pk) == primary), None)

    def main_coverage(key):
        return covered.get((main.pk, period.code, key)) if main else None

    national_coverage = main_coverage(coverage.NATION)
    return {
        "indicators": indicators,
        "rows": rows,
        "nation": nation,
        "national_targets": [
            Cell(None, targets.get((i.pk, analytics.NATION)), i.unit) for i in indicators
        ],
        "coverage": national_coverage,
        "national_complete": national_coverage is None or national_coverage.complete,
        "region_coverage": {r.pk: main_coverage(r.pk) for r in region_list},
    }


def subregional_rows(region, period_code: str, indicators) -> dict:
    """The table by département and infra-regional territory of a region, from the published
    values of its establishments, coloured against the region's target: {"indicators": the
    columns that have a value, "rows": [...]}."""
    period = parse(period_code)
    values = analytics.subregional_table(indicators, period, region)
    filled = {indicator_id for (indicator_id, _key), v in values.items() if v is not None}
    indicators = [i for i in indicators if i.pk in filled]
    if not indicators:
        return {"indicators": [], "rows": []}
    targets = analytics.targets_for(indicators, period, [region.pk])
    covered = coverage.for_indicators(indicators, [period.code], [region.pk], departements=True)
    territories = list(
        Territory.objects.current()
        .filter(pk__in={key for (_i, key) in values})
        .prefetch_related("departements")
    )
    territories.sort(key=lambda t: (t.level != Level.DEPARTEMENT, sort_key(t.code)))

    def cell_coverage(indicator, territory):
        if territory.level == Level.DEPARTEMENT:
            return covered.get((indicator.pk, period.code, ("dep", territory.pk)))
        parts = [
            covered.get((indicator.pk, period.code, ("dep", d.pk)))
            for d in territory.departements.all()
        ]
        return coverage.combined([p for p in parts if p is not None])

    return {
        "indicators": indicators,
        "rows": [
            {
                "territory": territory,
                "cells": [
                    Cell(
                        values.get((i.pk, territory.pk)),
                        targets.get((i.pk, region.pk)),
                        i.unit,
                        cell_coverage(i, territory),
                    )
                    for i in indicators
                ],
            }
            for territory in territories
        ],
    }


def available_periods() -> list[str]:
    """Semesters from the latest accepted one back to 2017S1, then the years they cover (a year
    rolls its semesters up: sums, last value of a stock, ratios recomputed)."""
    latest = analytics.latest_accepted_period(SEMESTER)
    if latest is None:
        return []
    out, p = [], parse(latest)
    while p.code >= FIRST_PERIOD and len(out) < 40:
        out.append(p.code)
        p = shift(p, -1)
    years = sorted({code[:4] for code in out}, reverse=True)
    return out + years


@dataclass
class PeriodOption:
    code: str
    coverage: Coverage | None

    @property
    def period(self):
        return parse(self.code)

    @property
    def label(self) -> str:
        """The selector's label: "1er semestre 2025 (partiel — 1 région sur 18)"."""
        label = self.period.label()
        if self.coverage is not None and not self.coverage.complete:
            return f"{label} ({self.coverage.label()})"
        return label


@dataclass
class Publication:
    """What the public pages offer: every period with its coverage, the period shown by
    default (the latest semester whose coverage passes the dataset's publication threshold,
    100 % by default) and the latest semester still partial, newer than the default."""

    options: list[PeriodOption]
    default: PeriodOption | None
    newer_partial: PeriodOption | None
    # what was read to build it, reused by `national_table`: today's regions (sorted), the
    # dataset of each indicator, the coverage of every option by dataset (`coverage_table`)
    regions: list = field(default_factory=list)
    datasets: dict = field(default_factory=dict)
    coverage: dict = field(default_factory=dict)

    def option(self, code: str) -> PeriodOption | None:
        return next((o for o in self.options if o.code == code), None)

    def choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The period selector's option groups: (group label, [(code, label)])."""
        semesters = [(o.code, o.label) for o in self.options if o.period.type == SEMESTER]
        years = [(o.code, o.label) for o in self.options if o.period.type != SEMESTER]
        groups = ((_("Semestres"), semesters), (_("Années"), years))
        return [(label, items) for label, items in groups if items]


def publication(indicators=None) -> Publication:
    codes = available_periods()
    indicators = dashboard_indicators() if indicators is None else indicators
    datasets = coverage.datasets_of(indicators)
    primary = coverage.primary_dataset(indicators, datasets)
    region_list = regions()
    if primary is None:
        options = [PeriodOption(code, None) for code in codes]
        default = options[0] if options else None
        return Publication(options, default, None, region_list, datasets)
    region_ids = [r.pk for r in region_list]
    # with the primary dataset, the other region-level ones (a few rows per campaign): the
    # national table of an offered period then reads its cells' coverage here
    read = [primary] + [d for d in datasets.values() if d.level == DatasetLevel.REGION]
    table = coverage.coverage_table(read, codes, region_ids)
    options = [PeriodOption(c, table[(primary.pk, c, coverage.NATION)]) for c in codes]
    semesters = [o for o in options if o.period.type == SEMESTER]
    passing = [o for o in semesters if o.coverage.passes(primary.publication_threshold)]
    default = passing[0] if passing else (semesters[0] if semesters else None)
    newer = semesters[0] if semesters and semesters[0] is not default else None
    return Publication(options, default, newer, region_list, datasets, table)


def first_period(kind: str) -> str:
    """The first period of a kind the dashboards go back to (2017S1, 2017, 2017Q1…)."""
    return make(kind, parse(FIRST_PERIOD).year, 1).code


def region_series(indicator: Indicator, region, last: str) -> dict:
    """History, target and logistic forecast of one indicator for one region (see
    `region_series_many`)."""
    return region_series_many([indicator], region, last)[0]


def region_series_many(indicators, region, last: str) -> list[dict]:
    """History, target and logistic forecast of each indicator for one region, in periods of
    the type of `last` (semesters, years…): two queries whatever the number of indicators. The
    forecast starts from the last accepted point and runs 8 periods past `last`."""
    last_period = parse(last)
    histories = analytics.time_series_many(
        indicators, region.pk, first_period(last_period.type), last
    )
    targets = analytics.targets_for(indicators, last_period, [region.pk])
    return [
        _series(indicator, region, histories[indicator.pk], targets.get((indicator.pk, region.pk)))
        for indicator in indicators
    ]


def _series(indicator: Indicator, region, history: list, target) -> dict:
    points = [(i, v) for i, (_code, v) in enumerate(history) if v is not None]
    fit = fit_logistic(points, 100.0 if indicator.unit == "%" else None)
    forecast, reached_at = [], None
    if fit is not None:
        start, start_value = points[-1]
        start_period = parse(history[start][0])
        forecast.append((start_period.code, start_value))
        for step in range(start + 1, len(history) + 8):
            forecast.append((shift(start_period, step - start).code, fit.value(step)))
        if target:
            t = None if start_value >= target else reach(fit, target, start)
            if start_value >= target:
                reached_at = "atteinte"
            elif t is not None:
                reached_at = shift(start_period, round(t) - start).code
    return {
        "indicator": indicator,
        "region": region,
        "history": history,
        "target": target,
        "forecast": forecast,
        "reached_at": reached_at,
    }
