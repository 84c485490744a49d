"""The dashboards' charts: Vega-Lite specs (drawn in the browser by vega-embed) and their
server-side rendering to SVG (vl-convert: the same Vega engine, embedded, no network) for
downloads and PDF reports.

Every chart speaks French (decimal comma, narrow no-break space between thousands and before
"%"), has a legend naming each line, a text summary (`summary`, also the SVG's description)
and the table of its values (`rows`), for readers who do not see the chart."""

import copy

import vl_convert
from django.utils.translation import gettext as _

from pilote.core import strict_json
from pilote.indicateurs.dashboard import fmt

SVG_WIDTH = 640
# The font an SVG is drawn with in the PDFs (WeasyPrint): Vega measures each label (legend
# entries, axis titles) with the font named here, so it must be the one drawn, or labels overlap.
FONT = '"DejaVu Sans", Arial, sans-serif'
# d3-format locale: 40 000, 12,5 %
FRENCH = {
    "decimal": ",",
    "thousands": "\u202f",
    "grouping": [3],
    "currency": ["", "\u00a0€"],
    "percent": "\u202f%",
}
BLUE, RED, GREEN = "#000091", "#e1000f", "#18753c"


def series_names() -> dict:
    return {
        "history": _("Valeurs acceptées"),
        "forecast": _("Prévision (courbe logistique)"),
        "target": _("Cible"),
    }


def summary(series: dict) -> str:
    """A sentence that says what the chart shows (its text alternative)."""
    indicator, unit = series["indicator"], series["indicator"].unit
    known = [(p, v) for p, v in series["history"] if v is not None]
    parts = [_("Évolution de « %s »") % indicator.name]
    if series.get("region") is not None:
        parts[0] += _(" en %s") % series["region"].name
    if known:
        (p0, v0), (p1, v1) = known[0], known[-1]
        parts.append(
            _("de %(v0)s en %(p0)s à %(v1)s en %(p1)s")
            % {"v0": fmt(v0, unit), "p0": p0, "v1": fmt(v1, unit), "p1": p1}
        )
    else:
        parts.append(_("aucune valeur acceptée"))
    if series["target"]:
        parts.append(_("cible : %s") % fmt(series["target"], unit))
    if series["forecast"]:
        end_period, end_value = series["forecast"][-1]
        parts.append(_("prévision : %(v)s en %(p)s") % {"v": fmt(end_value, unit), "p": end_period})
    return " ; ".join(parts) + "."


def rows(series: dict) -> list[dict]:
    """The chart's values by period: accepted value, forecast, target (formatted)."""
    unit = series["indicator"].unit
    forecast = dict(series["forecast"])
    periods = [p for p, _v in series["history"]] + [
        p for p, _v in series["forecast"] if p not in dict(series["history"])
    ]
    history = dict(series["history"])
    return [
        {
            "period": p,
            "value": fmt(history.get(p), unit) if history.get(p) is not None else "",
            "forecast": fmt(forecast[p], unit) if p in forecast else "",
        }
        for p in periods
        if history.get(p) is not None or p in forecast
    ]


def vega_spec(series: dict) -> dict:
    """History (line and points), forecast (dotted, from the last accepted point), target
    (dashed rule), one legend for the three; percentages drawn as fractions so that d3's "%"
    format writes them the French way."""
    indicator = series["indicator"]
    percent = indicator.unit == "%"
    scale = 0.01 if percent else 1
    names = series_names()
    values = [
        {"periode": p, "valeur": v * scale, "serie": names["history"]}
        for p, v in series["history"]
        if v is not None
    ]
    values += [
        {"periode": p, "valeur": v * scale, "serie": names["forecast"]}
        for p, v in series["forecast"]
    ]
    # the legend names the lines that are drawn, each with its colour and dash
    drawn = [
        (names["history"], BLUE, [1, 0], any(v is not None for _p, v in series["history"])),
        (names["forecast"], RED, [2, 3], bool(series["forecast"])),
        (names["target"], GREEN, [6, 4], bool(series["target"])),
    ]
    drawn = [d for d in drawn if d[3]]
    color = {"field": "serie", "type": "nominal", "title": None}
    dash = {"field": "serie", "type": "nominal", "title": None}
    if drawn:
        domain = [d[0] for d in drawn]
        color["scale"] = {"domain": domain, "range": [d[1] for d in drawn]}
        dash["scale"] = {"domain": domain, "range": [d[2] for d in drawn]}
    value_format = ".1%" if percent else ",.1~f"
    y = {
        "field": "valeur",
        "type": "quantitative",
        "title": f"{indicator.short_name} (%)" if percent else indicator.short_name,
        "axis": {"format": ".0%" if percent else ",~f"},
    }
    layers = [
        {
            "data": {"values": values},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "periode", "type": "ordinal", "title": _("Période"), "sort": None},
                "y": y,
                "color": color,
                "strokeDash": dash,
                "tooltip": [
                    {"field": "serie", "title": _("Série")},
                    {"field": "periode", "title": _("Période")},
                    {"field": "valeur", "title": _("Valeur"), "format": value_format},
                ],
            },
        }
    ]
    if series["target"]:
        target = series["target"] * scale
        layers.append(
            {
                "data": {"values": [{"valeur": target, "serie": names["target"]}]},
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "y": {"field": "valeur", "type": "quantitative"},
                    "color": color,
                    "strokeDash": dash,
                },
            }
        )
    return strict_json.finite(  # embedded as JSON in the page and rendered to SVG
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "description": summary(series),
            "width": "container",
            "height": 220,
            "layer": layers,
            "config": {"locale": {"number": FRENCH}, "legend": {"orient": "bottom"}},
        }
    )


def to_svg(spec: dict, width: int = SVG_WIDTH) -> str:
    """The chart as an SVG document, measured and drawn with `FONT` (unless the spec names
    one). A spec sized to its HTML container gets a fixed width."""
    spec = copy.deepcopy(spec)
    if spec.get("width") == "container":
        spec["width"] = width
    spec.setdefault("config", {}).setdefault("font", FONT)
    return vl_convert.vegalite_to_svg(spec)
