"""What a funding plan page, its export and the API read: per year and funder, what is planned
(typed in the plan) next to what is programmed, committed and paid (summed from the
programmings, commitments and payments, never typed); each funder's share; the users'
contribution to running costs; and the staff capacity of an operator against the ETP its
projects declare."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from pilote.financement.models import Allocation, FunderKind
from pilote.financement.models_plans import (
    PLAN_YEARS,
    FundingPlan,
    OperatorCapacity,
    PlanPhase,
)
from pilote.financement.queries import money, with_allocation_execution

ZERO = Decimal("0.00")
FIGURES = ("planned", "programmed", "committed", "paid")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a percentage of `whole`, to one decimal; None when `whole` is nothing."""
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"))


@dataclass
class Cell:
    planned: Decimal = ZERO
    programmed: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    def add(self, other: "Cell") -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def to_programme(self) -> Decimal:
        """What is planned and not programmed yet (negative: programmed beyond the plan)."""
        return self.planned - self.programmed


@dataclass
class FunderRow:
    funder: object
    cells: dict = field(default_factory=dict)  # year → Cell
    total: Cell = field(default_factory=Cell)
    share: Decimal | None = None  # of everything planned, in percent
    programmed_share: Decimal | None = None

    def by_year(self) -> list:
        return [self.cells[y] for y in sorted(self.cells)]


@dataclass
class RunningYear:
    year: int
    running: Decimal = ZERO  # everything planned for running costs
    users: Decimal = ZERO  # of which the users' contribution

    @property
    def share(self) -> Decimal | None:
        return percent(self.users, self.running)


@dataclass
class PlanTable:
    years: list
    rows: list = field(default_factory=list)
    year_totals: dict = field(default_factory=dict)
    total: Cell = field(default_factory=Cell)
    running: list = field(default_factory=list)


def plan_allocations(plan: FundingPlan):
    """The programmings a plan's execution is read from: the region's programmings of the
    plan's years to its operator (as beneficiary) or to its project."""
    allocations = Allocation.objects.in_region(plan.region_id).filter(envelope__year__in=plan.years)
    if plan.operator_id:
        return allocations.filter(beneficiary_id=plan.operator_id)
    return allocations.filter(project_id=plan.project_id)


def plan_table(plan: FundingPlan) -> PlanTable:
    """The plan's year × funder table with its totals, shares and running costs."""
    table = PlanTable(years=plan.years)
    table.year_totals = {year: Cell() for year in plan.years}
    rows: dict[int, FunderRow] = {}

    def cell(funder, year) -> Cell:
        row = rows.get(funder.pk)
        if row is None:
            row = rows[funder.pk] = FunderRow(funder, {y: Cell() for y in plan.years})
        return row.cells[year]

    running = {year: RunningYear(year) for year in plan.years}
    for line in plan.amounts.select_related("funder"):
        if line.year not in running:
            continue
        cell(line.funder, line.year).planned += line.amount
        if line.phase == PlanPhase.RUN:
            running[line.year].running += line.amount
            if line.funder.kind == FunderKind.USERS:
                running[line.year].users += line.amount
    for allocation in with_allocation_execution(plan_allocations(plan)).order_by("pk"):
        target = cell(allocation.envelope.funder, allocation.envelope.year)
        target.programmed += allocation.amount
        target.committed += money(allocation.committed)
        target.paid += money(allocation.paid)
    for row in rows.values():
        for year, value in row.cells.items():
            row.total.add(value)
            table.year_totals[year].add(value)
        table.total.add(row.total)
    for row in rows.values():
        row.share = percent(row.total.planned, table.total.planned)
        row.programmed_share = percent(row.total.programmed, table.total.programmed)
    table.rows = sorted(rows.values(), key=lambda r: (-r.total.planned, r.funder.name))
    table.running = list(running.values())
    return table


def operator_projects(projects, operator):
    """The projects an operator carries, as owner or as delegated owner."""
    return projects.filter(Q(moa=operator) | Q(moa_delegate=operator))


@dataclass
class CapacityYear:
    year: int
    available: Decimal | None  # None: not declared
    allocated: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.available is None else self.available - self.allocated

    @property
    def load(self) -> Decimal | None:
        """ETP allocated as a percentage of the ETP available."""
        return None if self.available is None else percent(self.allocated, self.available)


def capacity_by_year(operator, projects, years) -> list[CapacityYear]:
    """For each year: the ETP `operator` has (its declared capacity) and the ETP its
    `projects` (already narrowed to what the reader sees) declare; without an operator, the
    ETP `projects` declare."""
    from pilote.portefeuille.models import Staffing

    if operator is not None:
        projects = operator_projects(projects, operator)
    allocated = defaultdict(lambda: ZERO)
    staffing = (
        Staffing.objects.filter(project__in=projects, year__in=years)
        .values("year")
        .annotate(fte=Sum("fte"))
    )
    for row in staffing:
        allocated[row["year"]] = Decimal(row["fte"]).quantize(Decimal("0.01"))
    available = {}
    if operator is not None:
        available = dict(
            OperatorCapacity.objects.filter(operator=operator, year__in=years).values_list(
                "year", "fte"
            )
        )
    return [CapacityYear(year, available.get(year), allocated[year]) for year in years]


def operator_plans(plans, operator, first: int, last: int):
    """The operator's plans that cover some of the years `first`–`last`, latest first."""
    return plans.filter(
        operator=operator, first_year__lte=last, first_year__gte=first - PLAN_YEARS + 1
    ).order_by("-first_year")


def plan_for_year(plans, operator, year: int):
    """The operator's plan that covers `year` (the latest one starting before it)."""
    return operator_plans(plans, operator, year, year).first()


def plan_figures(user, plan: FundingPlan) -> dict:
    """The plan's table and its capacity: for an operator, its ETP against what its projects
    (those `user` reads) declare; for a project, the ETP it declares."""
    from pilote.portefeuille.models import Project

    projects = Project.objects.visible_to(user).in_region(plan.region_id)
    if plan.project_id:
        projects = projects.filter(pk=plan.project_id)
    capacity = capacity_by_year(plan.operator, projects, plan.years)
    return {"table": plan_table(plan), "capacity": capacity}
