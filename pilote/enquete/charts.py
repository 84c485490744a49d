"""The synthesis's chart: the budget per inhabitant of each territory of the latest year,
ranked, drawn like every Pilote chart (`indicateurs.charts.to_svg`); its values are in the
table beside it."""

from django.utils.html import escape
from django.utils.translation import gettext as _

from pilote.indicateurs.charts import to_svg


def per_inhabitant_svg(rows: list) -> str:
    values = [
        {"territoire": r.name, "euros": float(r.budget_per_inhabitant)}
        for r in rows
        if r.budget_per_inhabitant is not None
    ]
    if not values:
        return ""
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": {"step": 18},
        "data": {"values": values},
        "mark": {"type": "bar", "color": "#000091"},
        "encoding": {
            "y": {"field": "territoire", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "euros", "type": "quantitative", "title": _("€ par habitant")},
        },
    }
    label = escape(_("Budget par habitant, par territoire, du plus élevé au plus faible"))
    return to_svg(spec).replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
