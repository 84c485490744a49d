"""The synthesis's charts, drawn like every Pilote chart (a Vega-Lite spec rendered to SVG by
`indicateurs.charts.to_svg`), the same SVG on the page and in the PDF: the spread of each
index (operators per level and per year, verified assessments only), the risk heat map
(operators per risk family and impact level) and the budget per inhabitant of each territory
of the latest year, ranked. Each chart is an image labelled by its title; its values are in the
table beside it."""

from django.utils.html import escape
from django.utils.translation import gettext as _

from pilote.enquete.methodology import LEVELS, RISK_SCALE
from pilote.indicateurs.charts import FRENCH, to_svg

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# DSFR blue, light to dark: level 1 (low) … level 4 (high)
LEVEL_COLOURS = ["#e3e3fd", "#a1a1f8", "#5757e6", "#000091"]


def _chart(title: str, spec: dict) -> dict:
    config = {"locale": {"number": FRENCH}}  # the font: to_svg's, the PDF's
    spec = {"$schema": SCHEMA, "config": config, **spec}
    svg = to_svg(spec).replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return {"title": title, "spec": spec, "svg": svg}


def index_values(assessments: dict) -> list[dict]:
    """One value per index, year and level: the number of operators (verified assessments)."""
    labels = dict(LEVELS)
    return [
        {
            "indice": index["label"],
            "annee": str(year),
            "niveau": f"{level} — {labels[level]}",
            "operateurs": count,
        }
        for year, data in assessments.items()
        for index in data["indices"]
        for level, count in enumerate(index["levels"], start=1)
        if count
    ]


def index_chart(assessments: dict) -> dict | None:
    """Per index (one row each), per year, the operators at each level stacked."""
    values = index_values(assessments)
    if not values:
        return None
    labels = dict(LEVELS)
    domain = [f"{n} — {labels[n]}" for n in sorted(labels)]
    bars: dict = {}
    for v in values:
        bar = (v["indice"], v["annee"])
        bars[bar] = bars.get(bar, 0) + v["operateurs"]
    ticks = min(max(bars.values()), 10)  # whole operators only
    return _chart(
        _("Indices de maturité : opérateurs par niveau et par année (évaluations vérifiées)"),
        {
            "data": {"values": values},
            "mark": "bar",
            "height": {"step": 20},
            "width": 420,
            "encoding": {
                "row": {
                    "field": "indice",
                    "type": "nominal",
                    "title": None,
                    "sort": None,
                    "header": {"labelAngle": 0, "labelOrient": "top", "labelAnchor": "start"},
                },
                "y": {"field": "annee", "type": "ordinal", "title": None},
                "x": {
                    "field": "operateurs",
                    "type": "quantitative",
                    "title": _("Nombre d'opérateurs"),
                    "axis": {"tickCount": ticks, "format": "d"},
                },
                "color": {
                    "field": "niveau",
                    "type": "ordinal",
                    "title": _("Niveau"),
                    "scale": {"domain": domain, "range": LEVEL_COLOURS},
                },
                "order": {"field": "niveau", "type": "ordinal"},
            },
            "resolve": {"scale": {"x": "shared"}},
        },
    )


def risk_values(risks: list[dict]) -> list[dict]:
    """One cell per risk family and impact level: the number of operators."""
    impacts = dict(RISK_SCALE)
    return [
        {"risque": risk["label"], "impact": impacts[level], "operateurs": count}
        for risk in risks
        for level, count in enumerate(risk["counts"], start=1)
    ]


def risk_chart(risks: list[dict], year: int) -> dict | None:
    """The heat map: risk family × impact level, the darker the more operators."""
    values = risk_values(risks)
    if not any(v["operateurs"] for v in values):
        return None
    encoding = {
        "x": {
            "field": "impact",
            "type": "ordinal",
            "title": _("Impact"),
            "sort": [label for _n, label in RISK_SCALE],
            "axis": {"labelAngle": 0},
        },
        "y": {
            "field": "risque",
            "type": "nominal",
            "title": None,
            "sort": None,
            "axis": {"labelLimit": 360},
        },
    }
    return _chart(
        _("Carte des risques (%d) : opérateurs par famille de risque et niveau d'impact") % year,
        {
            "data": {"values": values},
            "width": 320,
            "height": {"step": 28},
            "encoding": encoding,
            "layer": [
                {
                    "mark": "rect",
                    "encoding": {
                        "color": {
                            "field": "operateurs",
                            "type": "quantitative",
                            "title": _("Opérateurs"),
                            "scale": {"scheme": "blues"},
                        }
                    },
                },
                {
                    "mark": {"type": "text", "fontSize": 12},
                    "encoding": {
                        "text": {"field": "operateurs", "type": "quantitative"},
                        "color": {
                            "condition": {"test": "datum.operateurs > 2", "value": "white"},
                            "value": "black",
                        },
                    },
                },
            ],
        },
    )


def per_inhabitant_values(rows: list) -> list[dict]:
    return [
        {"territoire": r.name, "euros": float(r.budget_per_inhabitant)}
        for r in rows
        if r.budget_per_inhabitant is not None
    ]


def per_inhabitant_chart(rows: list) -> dict | None:
    """The territories' budget per inhabitant, horizontal bars from the highest."""
    values = per_inhabitant_values(rows)
    if not values:
        return None
    return _chart(
        _("Budget par habitant, par territoire, du plus élevé au plus faible"),
        {
            "width": "container",
            "height": {"step": 18},
            "data": {"values": values},
            "mark": {"type": "bar", "color": "#000091"},
            "encoding": {
                "y": {
                    "field": "territoire",
                    "type": "nominal",
                    "sort": "-x",
                    "title": None,
                    "axis": {"labelLimit": 240},
                },
                "x": {
                    "field": "euros",
                    "type": "quantitative",
                    "title": _("€ par habitant"),
                    # a few round values: a tick every 5 cents ran the labels into each other
                    "axis": {"tickCount": 5},
                },
            },
        },
    )


def synthesis_charts(data: dict) -> dict:
    """The synthesis's three charts (None where there is nothing to draw)."""
    if data["latest_year"] is None:
        return {"indices": None, "risks": None, "per_inhabitant": None}
    return {
        "indices": index_chart(data["assessments"]),
        "risks": risk_chart(data["risks"], data["risk_year"]),
        "per_inhabitant": per_inhabitant_chart(data["territories"][data["per_inhabitant_year"]]),
    }
