"""The national synthesis of a campaign, computed from the grids a user reads (a regional
role reads its own region's): per year, totals and means (an unknown figure is left out of
both, never counted as zero), the distribution of operators by staff band, the growth between
the first and the last year, the budget per inhabitant of each territory to the cent (ranked),
the same per region of today (the 2011 former regions rolled up through the territory
service), financing shares by funder, the spread of each index (operators per level), and the
risk heat map (operators per category and impact)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from pilote.comptes.scoping import readable_region_ids
from pilote.enquete.methodology import STAFF_BANDS
from pilote.enquete.models import Review
from pilote.enquete.services_answers import index_levels

CENT = Decimal("0.01")


def per_inhabitant(budget: Decimal | None, population: int | None) -> Decimal | None:
    """The budget divided by the population of reference, to the cent of a euro."""
    if budget is None or not population:
        return None
    return (budget / Decimal(population)).quantize(CENT, rounding=ROUND_HALF_UP)


def _mean(total: Decimal | None, count: int) -> Decimal | None:
    return None if not count else (total / count).quantize(CENT, rounding=ROUND_HALF_UP)


def _sum(values) -> tuple[Decimal | None, int]:
    known = [v for v in values if v is not None]
    return (sum(known, Decimal(0)) if known else None), len(known)


def growth(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    """The change between two years in per cent, to one decimal."""
    if before in (None, 0) or after is None:
        return None
    return ((after - before) * 100 / before).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def band_labels() -> list[str]:
    labels = []
    for low, high in zip(STAFF_BANDS, [*STAFF_BANDS[1:], None], strict=True):
        labels.append(
            _("%(a)d à moins de %(b)d ETP") % {"a": low, "b": high}
            if high
            else _("%d ETP et plus") % low
        )
    return labels


def band_of(etp: Decimal) -> int:
    return max(i for i, low in enumerate(STAFF_BANDS) if etp >= low)


@dataclass
class Territory:
    year: int
    code: str
    name: str
    region: str
    etp_total: Decimal | None
    budget_total: Decimal | None
    population: int | None

    @property
    def budget_per_inhabitant(self) -> Decimal | None:
        return per_inhabitant(self.budget_total, self.population)


@dataclass
class Year:
    year: int
    operators: int = 0
    etp_total: Decimal | None = None
    etp_known: int = 0
    budget_total: Decimal | None = None
    budget_known: int = 0
    budget_operating: Decimal | None = None
    budget_investment: Decimal | None = None
    bands: list = field(default_factory=list)
    etp_unknown: int = 0

    @property
    def etp_mean(self):
        return _mean(self.etp_total, self.etp_known)

    @property
    def budget_mean(self):
        return _mean(self.budget_total, self.budget_known)


def _by_year(grids) -> dict[int, list]:
    years = defaultdict(list)
    for grid in grids:
        years[grid.year].append(grid)
    return dict(sorted(years.items()))


def _year(year: int, grids: list) -> Year:
    out = Year(year=year, operators=len(grids), bands=[0] * len(STAFF_BANDS))
    out.etp_total, out.etp_known = _sum(g.etp_total for g in grids)
    out.budget_total, out.budget_known = _sum(g.budget_total for g in grids)
    out.budget_operating, _n = _sum(g.budget_operating for g in grids)
    out.budget_investment, _n = _sum(g.budget_investment for g in grids)
    for grid in grids:
        if grid.etp_total is None:
            out.etp_unknown += 1
        else:
            out.bands[band_of(grid.etp_total)] += 1
    return out


def _territories(year: int, grids: list) -> list[Territory]:
    """One row per territory of the year (the operators of one territory added up), ranked by
    budget per inhabitant, highest first; unknown last."""
    places = defaultdict(list)
    for grid in grids:
        places[grid.place_code].append(grid)
    rows = []
    for code, group in places.items():
        first = group[0]
        etp, _n = _sum(g.etp_total for g in group)
        budget, _n = _sum(g.budget_total for g in group)
        rows.append(
            Territory(
                year=year,
                code=code,
                name=first.place.name,
                region=first.region.name,
                etp_total=etp,
                budget_total=budget,
                population=first.population(),
            )
        )
    return ranked(rows)


def ranked(rows: list) -> list:
    known = sorted(
        (r for r in rows if r.budget_per_inhabitant is not None),
        key=lambda r: (-r.budget_per_inhabitant, r.name),
    )
    return known + sorted(
        (r for r in rows if r.budget_per_inhabitant is None), key=lambda r: r.name
    )


def roll_up(year: int, rows: list[Territory], grids: list) -> list[Territory]:
    """The territories of a year added up per region of today (Bourgogne and Franche-Comté in
    2011 → Bourgogne-Franche-Comté): budgets and staff of the known values; the population is
    that of the territories whose budget is known, so that the per-inhabitant figure divides
    like by like."""
    region_of = {g.place_code: g.region for g in grids}
    regions = defaultdict(list)
    for row in rows:
        regions[region_of[row.code]].append(row)
    out = []
    for region, group in regions.items():
        etp, _n = _sum(r.etp_total for r in group)
        budget, _n = _sum(r.budget_total for r in group)
        with_budget = [r.population for r in group if r.budget_total is not None]
        population = None if not with_budget or None in with_budget else sum(with_budget)
        out.append(
            Territory(
                year=year,
                code=region.code,
                name=region.name,
                region=region.name,
                etp_total=etp,
                budget_total=budget,
                population=population,
            )
        )
    return ranked(out)


def _funders(grids, definition) -> list[dict]:
    """Per funder, the financing declared (structure and projects) and its share of all the
    financing declared that year, in per cent to one decimal."""
    funders = [
        (f["key"].split(".")[1], f["label"])
        for f in definition["figures"]
        if f["key"].startswith("financement.") and f["key"].endswith(".structure")
    ]
    amounts = defaultdict(Decimal)
    for grid in grids:
        for figure in grid.figures.all():
            if figure.key.startswith("financement."):
                amounts[figure.key.split(".")[1]] += figure.value
    total = sum(amounts.values(), Decimal(0))
    rows = []
    for code, label in funders:
        amount = amounts.get(code)
        share = (amount * 100 / total).quantize(Decimal("0.1")) if amount and total else None
        rows.append(
            {"code": code, "label": label.split(" — ")[0], "amount": amount, "share": share}
        )
    return rows


def _verified(grid) -> bool:
    """A grid's assessment of the indices is verified when every criterion answered was
    verified by the national reviewer."""
    answers = grid.criteria.all()
    return bool(answers) and all(a.review == Review.VERIFIED for a in answers)


def _indices(grids) -> dict:
    """Per index, the number of operators at each level 1–4 (the spread of peers), with the
    lowest, median and highest level — over the verified assessments only; with how many
    assessments are verified out of those answered, and the operators whose assessment waits
    for the national reviewer (or is to be corrected)."""
    assessed = [g for g in grids if g.criteria.all()]
    verified = [g for g in assessed if _verified(g)]
    spread: dict = {}
    for grid in verified:
        for ix in index_levels(grid):
            entry = spread.setdefault(
                ix["index"]["code"], {"label": ix["index"]["label"], "levels": [0, 0, 0, 0]}
            )
            entry["levels"][ix["level"] - 1] += 1
    out = []
    for entry in spread.values():
        values = [n for n, count in enumerate(entry["levels"], start=1) for _i in range(count)]
        entry.update(low=values[0], median=values[len(values) // 2], high=values[-1])
        out.append(entry)
    pending = [
        {
            "operator": g.operator_name,
            "place": g.place.name,
            "to_correct": sum(a.review == Review.TO_CORRECT for a in g.criteria.all()),
        }
        for g in sorted(assessed, key=lambda g: g.operator_name)
        if not _verified(g)
    ]
    return {
        "indices": out,
        "verified": len(verified),
        "assessed": len(assessed),
        "pending": pending,
    }


def _coverage(year: int, grids: list, surveyed: int | None) -> dict:
    """What the figures of a year cover: the grids included (imported or filled online, sent
    or not), the operators surveyed by the campaign (None when it names none: an imported
    study), the grids sent, and the grids whose assessment the national reviewer verified."""
    return {
        "year": year,
        "grids": len(grids),
        "surveyed": surveyed,
        "submitted": sum(g.submitted_at is not None for g in grids),
        "verified": sum(_verified(g) for g in grids),
    }


def _risks(grids, definition) -> list[dict]:
    """Per risk category, the number of operators at each impact 1–4."""
    rows = []
    for risk in definition["risks"]:
        counts = [0, 0, 0, 0]
        for grid in grids:
            for figure in grid.figures.all():
                if figure.key == f"risque.{risk['code']}" and 1 <= figure.value <= 4:
                    counts[int(figure.value) - 1] += 1
        rows.append({"label": risk["label"], "counts": counts})
    return rows


def _latest_drawn(by_year: dict, territories: dict, definition) -> dict:
    """The year of the risk heat map and of the budget per inhabitant: the latest year that has
    something to show (a year whose grids are still empty does not hide the previous one)."""
    years = sorted(by_year, reverse=True)
    risk_year = next(
        (y for y in years if any(any(r["counts"]) for r in _risks(by_year[y], definition))),
        years[0] if years else None,
    )
    per_inhabitant_year = next(
        (y for y in years if any(r.budget_per_inhabitant is not None for r in territories[y])),
        years[0] if years else None,
    )
    return {"risk_year": risk_year, "per_inhabitant_year": per_inhabitant_year}


def surveyed_count(campaign, user) -> int | None:
    """How many operators the campaign surveys in the regions `user` reads; None when the
    campaign names none (a study imported as a whole)."""
    operators = campaign.operators.all()
    if not operators.exists():
        return None
    regions = readable_region_ids(user)
    return (operators if regions is None else operators.in_regions(regions)).count()


def synthesis(campaign, grids, surveyed: int | None = None) -> dict:
    """Every figure of the synthesis of `campaign` over `grids` (already scoped); `surveyed`:
    how many operators the campaign surveys in the regions read (None: it names none)."""
    grids = list(
        grids.select_related("territory", "ars_area", "region").prefetch_related(
            "figures", "criteria", "ars_area__regions"
        )
    )
    definition = campaign.methodology.definition
    by_year = _by_year(grids)
    years = [_year(year, group) for year, group in by_year.items()]
    territories = {year: _territories(year, group) for year, group in by_year.items()}
    regions = {year: roll_up(year, territories[year], group) for year, group in by_year.items()}
    first, last = (years[0], years[-1]) if len(years) > 1 else (None, None)
    drawn = _latest_drawn(by_year, territories, definition)
    return {
        "years": years,
        "bands": band_labels(),
        "growth": {
            "from": first.year,
            "to": last.year,
            "etp_total": growth(first.etp_total, last.etp_total),
            "budget_total": growth(first.budget_total, last.budget_total),
        }
        if first
        else None,
        "territories": territories,
        "regions": regions,
        "funders": {year: _funders(group, definition) for year, group in by_year.items()},
        "coverage": [_coverage(year, group, surveyed) for year, group in by_year.items()],
        "assessments": {year: _indices(group) for year, group in by_year.items()},
        "risks": _risks(by_year.get(drawn["risk_year"], []), definition),
        "latest_year": max(by_year) if by_year else None,
        **drawn,
    }
