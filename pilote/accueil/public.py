"""What the public home page shows of the published figures: the national row of the period the
public dashboard opens on (`indicateurs.dashboard.publication`: the latest semester whose
coverage passes the publication threshold), and how far the publication of a newer semester has
got. A total is only called national when its coverage is complete (`indicateurs.coverage`);
otherwise it says how many regions it adds up."""

from dataclasses import dataclass

from pilote.indicateurs import dashboard
from pilote.indicateurs.periods import parse


@dataclass
class Figures:
    period: str
    label: str
    rows: list  # (indicator, cell)
    covered: int  # reporters (regions) whose data is accepted for the whole period
    total: int  # reporters expected

    @property
    def complete(self) -> bool:
        return self.covered == self.total


def _figures(code: str) -> Figures:
    table = dashboard.national_table(code)
    coverage = table["coverage"]
    total = coverage.expected if coverage else len(table["rows"])
    return Figures(
        period=code,
        label=parse(code).label(),
        rows=list(zip(table["indicators"], table["nation"], strict=True)),
        covered=coverage.accepted if coverage else total,
        total=total,
    )


def national_figures() -> tuple[Figures | None, Figures | None]:
    """(figures to show, a newer semester still partial or None), as the dashboard chooses
    them."""
    state = dashboard.publication()
    if state.default is None:
        return None, None
    newer = state.newer_partial
    return _figures(state.default.code), (_figures(newer.code) if newer else None)
