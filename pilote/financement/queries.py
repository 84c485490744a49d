"""What the funding pages and the API read: each envelope with what is programmed, committed,
paid, carried over and remaining, in one query; totals by domain and year as the ARS's tables
give them."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from pilote.financement.models import Allocation, Commitment, Domain, Envelope, Payment

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=14, decimal_places=2)
FIGURES = ("amount", "programmed", "committed", "paid", "carried", "remaining")


def _sum(queryset, outer: str):
    total = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO, output_field=MONEY))


def with_execution(envelopes):
    """Envelopes annotated with `programmed`, `committed`, `paid`, `carried`."""
    return envelopes.annotate(
        programmed=_sum(Allocation.objects, "envelope"),
        committed=_sum(Commitment.objects, "allocation__envelope"),
        paid=_sum(Payment.objects, "commitment__allocation__envelope"),
        carried=_sum(Envelope.objects, "carried_from"),
    ).select_related("line", "funder", "region")


def money(value) -> Decimal:
    """An amount to the cent (SQLite sums decimals as floating-point numbers)."""
    return Decimal(value).quantize(CENT)


def settle(envelope):
    """An envelope of `with_execution` with its sums to the cent and its `remaining`."""
    for name in ("programmed", "committed", "paid", "carried"):
        setattr(envelope, name, money(getattr(envelope, name)))
    envelope.remaining = envelope.amount - envelope.programmed - envelope.carried
    return envelope


def remaining(envelope) -> Decimal:
    return settle(envelope).remaining


@dataclass
class Totals:
    amount: Decimal = ZERO
    programmed: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    carried: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.programmed - self.carried

    def add(self, envelope) -> None:
        for name in ("amount", "programmed", "committed", "paid", "carried"):
            setattr(self, name, getattr(self, name) + getattr(envelope, name))


@dataclass
class DomainBlock:
    domain: str
    label: str
    envelopes: list = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class YearBlock:
    year: int
    domains: list = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


def by_year_and_domain(envelopes) -> list[YearBlock]:
    """Years (latest first), each with its domains (lines in order) and subtotals."""
    years: dict[int, dict[str, DomainBlock]] = defaultdict(dict)
    for envelope in with_execution(envelopes).order_by(
        "-year", "line__domain", "line__position", "funder__name", "pk"
    ):
        settle(envelope)
        domains = years[envelope.year]
        block = domains.get(envelope.line.domain)
        if block is None:
            block = domains[envelope.line.domain] = DomainBlock(
                envelope.line.domain, envelope.line.get_domain_display()
            )
        block.envelopes.append(envelope)
        block.totals.add(envelope)
    answer = []
    for year, domains in years.items():
        order = list(Domain.values)
        year_block = YearBlock(year, sorted(domains.values(), key=lambda b: order.index(b.domain)))
        for block in year_block.domains:
            for envelope in block.envelopes:
                year_block.totals.add(envelope)
        answer.append(year_block)
    return answer


def with_allocation_execution(allocations):
    """Programmings annotated with `committed` and `paid` (one query)."""
    return allocations.annotate(
        committed=_sum(Commitment.objects, "allocation"),
        paid=_sum(Payment.objects, "commitment__allocation"),
    ).select_related("envelope__line", "envelope__funder", "project", "beneficiary")


@dataclass
class Execution:
    """Programmed, committed, paid and what remains to pay, of some programmings."""

    programmed: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.programmed - self.paid

    def add(self, allocation) -> None:
        self.programmed += allocation.amount
        self.committed += money(allocation.committed)
        self.paid += money(allocation.paid)


@dataclass
class ExecutionRow:
    year: int
    line: object
    funder: object
    execution: Execution = field(default_factory=Execution)


def execution_by_line(allocations) -> tuple[list[ExecutionRow], dict[int, Execution], Execution]:
    """Programmings summed by year, budget line and funder: the rows (year, line order), the
    totals of each year and the grand total."""
    rows: dict[tuple, ExecutionRow] = {}
    years: dict[int, Execution] = defaultdict(Execution)
    total = Execution()
    for allocation in with_allocation_execution(allocations).order_by("pk"):
        envelope = allocation.envelope
        key = (envelope.year, envelope.line_id, envelope.funder_id)
        row = rows.get(key) or rows.setdefault(
            key, ExecutionRow(envelope.year, envelope.line, envelope.funder)
        )
        for target in (row.execution, years[envelope.year], total):
            target.add(allocation)
    ordered = sorted(
        rows.values(),
        key=lambda r: (-r.year, r.line.domain, r.line.position, r.line.name, r.funder.name),
    )
    return ordered, dict(sorted(years.items(), reverse=True)), total


def payments_by_month(payments, year: int) -> list[tuple[int, Decimal, Decimal]]:
    """(month, paid in the month, paid since January) for the twelve months of `year`."""
    paid = defaultdict(lambda: ZERO)
    for day, amount in payments.filter(paid_on__year=year).values_list("paid_on", "amount"):
        paid[day.month] += amount
    cumulated, out = ZERO, []
    for month in range(1, 13):
        cumulated += paid[month]
        out.append((month, paid[month], cumulated))
    return out


@dataclass
class RegionLineRow:
    year: int
    region: object
    line: object
    totals: Totals = field(default_factory=Totals)


def by_region_and_line(envelopes) -> tuple[list[RegionLineRow], dict[int, Totals]]:
    """Envelopes summed by year, region and budget line (funders together), with each year's
    national total: the national view and its API."""
    rows: dict[tuple, RegionLineRow] = {}
    years: dict[int, Totals] = defaultdict(Totals)
    for envelope in with_execution(envelopes).order_by("pk"):
        settle(envelope)
        key = (envelope.year, envelope.region_id, envelope.line_id)
        row = rows.get(key) or rows.setdefault(
            key, RegionLineRow(envelope.year, envelope.region, envelope.line)
        )
        row.totals.add(envelope)
        years[envelope.year].add(envelope)
    ordered = sorted(
        rows.values(),
        key=lambda r: (-r.year, r.region.name, r.line.domain, r.line.position, r.line.name),
    )
    return ordered, dict(sorted(years.items(), reverse=True))
