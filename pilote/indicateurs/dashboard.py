"""Read side of the public dashboards (accepted data only): tables, tiles, series, forecasts."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from pilote.core import strict_json
from pilote.indicateurs import analytics
from pilote.indicateurs.forecast import fit_logistic, reach
from pilote.indicateurs.models import Indicator
from pilote.indicateurs.periods import SEMESTER, parse, shift
from pilote.portefeuille.queries import sort_key
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


@dataclass
class Cell:
    value: float | None
    target: float | None
    unit: str

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.target:
            return None
        return self.value / self.target

    @property
    def level(self) -> str:
        """Colour class against the target (also spelled out for screen readers)."""
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
        return {
            "reached": "cible atteinte",
            "close": "80 à 99 % de la cible",
            "far": "50 à 79 % de la cible",
            "very-far": "moins de 50 % de la cible",
            "none": "pas de cible",
        }[self.level]

    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.unit == "%":
            return f"{self.value:.1f} %".replace(".", ",")
        return f"{self.value:,.0f}".replace(",", "\u202f")


def dashboard_indicators():
    return list(
        Indicator.objects.filter(on_dashboard=True).select_related("numerator", "denominator")
    )


def regions():
    return sorted(Territory.objects.current().ars_regions(), key=lambda r: sort_key(r.name))


def national_table(period_code: str) -> dict:
    period = parse(period_code)
    indicators = dashboard_indicators()
    region_list = regions()
    values = analytics.indicator_table(indicators, period)
    targets = analytics.targets_for(indicators, period, [r.pk for r in region_list])
    rows = []
    for region in region_list:
        cells = [
            Cell(values.get((i.pk, region.pk)), targets.get((i.pk, region.pk)), i.unit)
            for i in indicators
        ]
        rows.append({"region": region, "cells": cells, "tile": TILES.get(region.code)})
    nation = [
        Cell(values.get((i.pk, analytics.NATION)), targets.get((i.pk, analytics.NATION)), i.unit)
        for i in indicators
    ]
    return {"indicators": indicators, "rows": rows, "nation": nation}


def subregional_rows(region, period_code: str, indicators) -> list[dict]:
    """Rows for the départements and infra-regional territories of a region that have
    establishment-level data, coloured against the region's target."""
    period = parse(period_code)
    values = analytics.subregional_table(indicators, period, region)
    if not values:
        return []
    targets = analytics.targets_for(indicators, period, [region.pk])
    territories = list(
        Territory.objects.current().filter(pk__in={key for (_i, key) in values}).order_by("level")
    )
    territories.sort(key=lambda t: (t.level != Level.DEPARTEMENT, sort_key(t.code)))
    return [
        {
            "territory": territory,
            "cells": [
                Cell(values.get((i.pk, territory.pk)), targets.get((i.pk, region.pk)), i.unit)
                for i in indicators
            ],
        }
        for territory in territories
    ]


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


def period_choices(codes: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The period selector's option groups: (group label, [(code, label)])."""
    semesters = [(c, parse(c).label()) for c in codes if parse(c).type == SEMESTER]
    years = [(c, parse(c).label()) for c in codes if parse(c).type != SEMESTER]
    groups = ((_("Semestres"), semesters), (_("Années"), years))
    return [(label, items) for label, items in groups if items]


def region_series(indicator: Indicator, region, last: str) -> dict:
    """History, target and logistic forecast of one indicator for one region."""
    history = analytics.time_series(indicator, region.pk, FIRST_PERIOD, last)
    targets = analytics.targets_for([indicator], parse(last), [region.pk])
    target = targets.get((indicator.pk, region.pk))
    points = [(i, v) for i, (_code, v) in enumerate(history) if v is not None]
    fit = fit_logistic(points, 100.0 if indicator.unit == "%" else None)
    forecast, reached_at = [], None
    if fit is not None:
        start = len(history) - 1
        for step in range(start, start + 9):
            forecast.append((shift(parse(last), step - start).code, fit.value(step)))
        if target:
            already = points and points[-1][1] >= target
            t = None if already else reach(fit, target, start)
            if already:
                reached_at = "atteinte"
            elif t is not None:
                reached_at = shift(parse(last), round(t) - start).code
    return {
        "indicator": indicator,
        "history": history,
        "target": target,
        "forecast": forecast,
        "reached_at": reached_at,
    }


def vega_spec(series: dict) -> dict:
    """A Vega-Lite spec: history (line + points), target (dashed rule), forecast (dotted)."""
    indicator = series["indicator"]
    values = [
        {"periode": p, "valeur": v, "serie": "Valeurs acceptées"}
        for p, v in series["history"]
        if v is not None
    ]
    values += [
        {"periode": p, "valeur": v, "serie": "Prévision (courbe logistique)"}
        for p, v in series["forecast"]
    ]
    layers = [
        {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "periode", "type": "ordinal", "title": "Période", "sort": None},
                "y": {
                    "field": "valeur",
                    "type": "quantitative",
                    "title": indicator.unit or "valeur",
                },
                "color": {
                    "field": "serie",
                    "type": "nominal",
                    "title": None,
                    "scale": {"range": ["#000091", "#e1000f"]},
                },
                "strokeDash": {"field": "serie", "type": "nominal", "legend": None},
                "tooltip": [{"field": "periode"}, {"field": "valeur", "format": ",.1f"}],
            },
        }
    ]
    if series["target"]:
        layers.append(
            {
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#18753c"},
                "encoding": {"y": {"datum": series["target"]}},
            }
        )
    return strict_json.finite(  # embedded as JSON in the page and rendered to SVG
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "description": indicator.name,
            "width": "container",
            "height": 220,
            "data": {"values": values},
            "layer": layers,
        }
    )
