"""The annual management dialogue of a CPOM, read side: achieved vs target for each objective,
the financial execution of the operator's programmings (`financement.queries`), the previous
dialogue's actions and their status; the same figures on the page and in the PDF."""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string

from pilote.contrats.achieved import Row, review_rows
from pilote.contrats.models import Cpom, Dialogue
from pilote.core.formats import french_number
from pilote.financement import queries
from pilote.financement.models import Allocation


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


def bar_chart_svg(rows: list[Row], width: int = 640) -> str:
    """Achieved as a share of target, one horizontal bar per objective (an image for the PDF
    and the page; the table next to it carries the same figures for screen readers)."""
    bar_h, gap, left = 18, 10, 40
    height = max(len(rows), 1) * (bar_h + gap) + 30
    scale = (width - left - 80) / 150  # up to 150 % of the target
    return render_to_string(
        "contrats/_chart.svg",
        {
            "width": width,
            "height": height,
            "left": left,
            "target_x": left + 100 * scale,
            "bars": [
                {
                    "y": 10 + i * (bar_h + gap),
                    "h": bar_h,
                    "w": _share(row) * scale if _share(row) is not None else 0,
                    "label": row.objective.position,
                    "text": f"{french_number(_share(row))} %" if _share(row) is not None else "—",
                    "reached": row.reached,
                }
                for i, row in enumerate(rows)
            ],
        },
    )


def _share(row: Row) -> float | None:
    if not row.target or row.achieved.value is None:
        return None
    return min(row.achieved.value / row.target * 100, 150)
