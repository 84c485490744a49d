"""The annual management dialogue of a CPOM, read side: achieved vs target for each objective,
the financial execution of the operator's programmings (`financement.queries`), the previous
dialogue's actions and their status; the same figures on the page and in the PDF."""

import datetime
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext as _

from pilote.contrats.achieved import Row, review_rows
from pilote.contrats.models import Cpom, Dialogue
from pilote.financement import queries
from pilote.financement.models import Allocation
from pilote.indicateurs.charts import to_svg


def operator_allocations(cpom: Cpom, user, years=None):
    """The region's programmings to the CPOM's operator (the contract's means)."""
    allocations = (
        Allocation.objects.visible_to(user)
        .in_region(cpom.region_id)
        .filter(beneficiary_id=cpom.operator_id)
    )
    return allocations.filter(envelope__year__in=years or cpom.years)


@dataclass
class Review:
    cpom: Cpom
    version: object
    year: int
    rows: list[Row]
    lines: list
    execution: queries.Execution
    dialogue: Dialogue | None
    previous: Dialogue | None

    @property
    def chart_svg(self) -> str:
        return bar_chart_svg(self.rows)


def build_review(cpom: Cpom, year: int, user, today: datetime.date | None = None) -> Review:
    version = cpom.current_version()
    lines, years, _total = queries.execution_by_line(operator_allocations(cpom, user, [year]))
    dialogues = {d.year: d for d in cpom.dialogues.prefetch_related("actions")}
    return Review(
        cpom=cpom,
        version=version,
        year=year,
        rows=review_rows(version, year, today) if version else [],
        lines=lines,
        execution=years.get(year, queries.Execution()),
        dialogue=dialogues.get(year),
        previous=dialogues.get(year - 1),
    )


def chart_spec(rows: list[Row]) -> dict | None:
    """Achieved as a share of target, one bar per objective, the target as a rule at 100 %
    (a Vega-Lite spec; the table next to it carries the same figures for screen readers)."""
    values = [
        {
            "objectif": _("Obj. %(n)s") % {"n": row.objective.position},
            "part": round(_share(row), 1),
            "atteint": _("atteint") if row.reached else _("non atteint"),
        }
        for row in rows
        if _share(row) is not None
    ]
    if not values:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": {"step": 22},
        "data": {"values": values},
        "layer": [
            {
                "mark": "bar",
                "encoding": {
                    "y": {"field": "objectif", "type": "nominal", "sort": None, "title": None},
                    "x": {
                        "field": "part",
                        "type": "quantitative",
                        "title": _("% de la cible"),
                        "scale": {"domain": [0, 150]},
                    },
                    "color": {
                        "field": "atteint",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": [_("atteint"), _("non atteint")],
                            "range": ["#18753c", "#000091"],
                        },
                    },
                },
            },
            {
                "mark": {"type": "rule", "color": "#ce0500", "strokeDash": [4, 2]},
                "encoding": {"x": {"datum": 100}},
            },
        ],
    }


def bar_chart_svg(rows: list[Row]) -> str:
    """The chart as SVG, rendered like every report chart (`indicateurs.charts.to_svg`)."""
    spec = chart_spec(rows)
    if spec is None:
        return ""
    label = escape(_("Réalisé en pourcentage de la cible, par objectif"))
    return to_svg(spec).replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def _share(row: Row) -> float | None:
    if not row.target or row.achieved.value is None:
        return None
    return min(row.achieved.value / row.target * 100, 150)
