"""What the public home page shows of the published figures: the national totals of the latest
semester that every region has published (the national row of `indicateurs.dashboard`), and
how far the publication of a newer semester has got. A total is only called national when it
covers every region; otherwise it says how many regions it adds up."""

from dataclasses import dataclass

from pilote.indicateurs import dashboard
from pilote.indicateurs.periods import SEMESTER, parse

LOOK_BACK = 4  # semesters searched for a complete one


@dataclass
class Figures:
    period: str
    label: str
    rows: list  # (indicator, cell)
    covered: int  # regions whose data is accepted
    total: int  # regions expected

    @property
    def complete(self) -> bool:
        return self.covered == self.total


def _figures(code: str) -> Figures:
    table = dashboard.national_table(code)
    covered = sum(any(c.value is not None for c in row["cells"]) for row in table["rows"])
    return Figures(
        period=code,
        label=parse(code).label(),
        rows=list(zip(table["indicators"], table["nation"], strict=True)),
        covered=covered,
        total=len(table["rows"]),
    )


def national_figures() -> tuple[Figures | None, Figures | None]:
    """(figures to show, a newer semester still partial or None). The figures to show are the
    latest complete semester's, or the latest published one's (partial) if none of the last
    LOOK_BACK semesters is complete."""
    semesters = [c for c in dashboard.available_periods() if parse(c).type == SEMESTER]
    latest = None
    for code in semesters[:LOOK_BACK]:
        figures = _figures(code)
        latest = latest or figures
        if figures.complete:
            return figures, (None if latest is figures else latest)
    return latest, None
