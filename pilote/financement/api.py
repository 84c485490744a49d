"""The funding API under /api/v1/funding/, scoped like the pages; amounts are decimal strings
exact to the cent ("579000.00")."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from pilote.acteurs.models import Organisation
from pilote.core.api_auth import AUTH
from pilote.financement import queries, services
from pilote.financement.models import (
    Allocation,
    BudgetLine,
    Commitment,
    Envelope,
    Funder,
)
from pilote.portefeuille.models import Project
from pilote.territoires.lookups import region_by_code

router = Router(tags=["financement"])


class FunderOut(Schema):
    code: str
    name: str
    kind: str


class LineOut(Schema):
    code: str
    name: str
    domain: str


class EnvelopeOut(Schema):
    id: int
    region: str
    year: int
    line: str
    line_name: str
    domain: str
    channel: str
    origin: str
    funder: str
    amount: Decimal
    programmed: Decimal
    committed: Decimal
    paid: Decimal
    carried: Decimal
    remaining: Decimal
    notified_on: datetime.date | None
    carried_from_id: int | None

    @staticmethod
    def resolve_region(obj):
        return obj.region.code

    @staticmethod
    def resolve_line(obj):
        return obj.line.code

    @staticmethod
    def resolve_line_name(obj):
        return obj.line.name

    @staticmethod
    def resolve_domain(obj):
        return obj.line.domain

    @staticmethod
    def resolve_funder(obj):
        return obj.funder.code

    @staticmethod
    def resolve_remaining(obj):
        return queries.settle(obj).remaining

    @staticmethod
    def resolve_programmed(obj):
        return queries.settle(obj).programmed

    @staticmethod
    def resolve_committed(obj):
        return queries.settle(obj).committed

    @staticmethod
    def resolve_paid(obj):
        return queries.settle(obj).paid

    @staticmethod
    def resolve_carried(obj):
        return queries.settle(obj).carried


class PaymentOut(Schema):
    id: int
    paid_on: datetime.date
    amount: Decimal
    reference: str
    document: str


class CommitmentOut(Schema):
    id: int
    reference: str
    decided_on: datetime.date
    amount: Decimal
    payments: list[PaymentOut]

    @staticmethod
    def resolve_payments(obj):
        return list(obj.payments.all())


class AllocationOut(Schema):
    id: int
    envelope_id: int
    beneficiary_id: int
    project_id: int | None
    label: str
    amount: Decimal
    eligible_cost: Decimal | None
    programmed_on: datetime.date
    commitments: list[CommitmentOut]

    @staticmethod
    def resolve_commitments(obj):
        return list(obj.commitments.all())


class AllocationIn(Schema):
    beneficiary_id: int
    project_id: int | None = None
    label: str
    amount: Decimal
    eligible_cost: Decimal | None = None
    programmed_on: datetime.date


class CommitmentIn(Schema):
    reference: str
    decided_on: datetime.date
    amount: Decimal


class PaymentIn(Schema):
    paid_on: datetime.date
    amount: Decimal
    reference: str
    document: str = ""


@router.get("/funders", response=list[FunderOut], auth=AUTH, summary="Financeurs")
def list_funders(request):
    return Funder.objects.order_by("name")


@router.get("/lines", response=list[LineOut], auth=AUTH, summary="Lignes budgétaires")
def list_lines(request):
    return BudgetLine.objects.all()


def _envelopes(request):
    return queries.with_execution(Envelope.objects.visible_to(request.user))


@router.get(
    "/envelopes",
    response=list[EnvelopeOut],
    auth=AUTH,
    summary="Enveloppes et leur exécution (programmé, engagé, payé, reste)",
)
def list_envelopes(request, region: str | None = None, year: int | None = None):
    envelopes = _envelopes(request)
    if region:
        envelopes = envelopes.in_region(region_by_code(region, user=request.user))
    if year is not None:
        envelopes = envelopes.filter(year=year)
    return envelopes.order_by("region__code", "-year", "line__domain", "line__position")


@router.get("/envelopes/{envelope_id}", response=EnvelopeOut, auth=AUTH, summary="Une enveloppe")
def get_envelope(request, envelope_id: int):
    return get_object_or_404(_envelopes(request), pk=envelope_id)


def _allocations(request):
    return Allocation.objects.visible_to(request.user).prefetch_related("commitments__payments")


@router.get(
    "/envelopes/{envelope_id}/allocations",
    response=list[AllocationOut],
    auth=AUTH,
    summary="Programmations d'une enveloppe, avec engagements et paiements",
)
def list_allocations(request, envelope_id: int):
    envelope = get_object_or_404(Envelope.objects.visible_to(request.user), pk=envelope_id)
    return _allocations(request).filter(envelope=envelope)


@router.post(
    "/envelopes/{envelope_id}/allocations",
    response={201: AllocationOut},
    auth=AUTH,
    summary="Programmer une enveloppe",
)
def create_allocation(request, envelope_id: int, payload: AllocationIn):
    envelope = get_object_or_404(Envelope.objects.visible_to(request.user), pk=envelope_id)
    allocation = services.allocate(
        acting_user=request.user,
        envelope=envelope,
        beneficiary=get_object_or_404(
            Organisation.objects.visible_to(request.user), pk=payload.beneficiary_id
        ),
        project=get_object_or_404(Project.objects.visible_to(request.user), pk=payload.project_id)
        if payload.project_id
        else None,
        label=payload.label,
        amount=payload.amount,
        eligible_cost=payload.eligible_cost,
        programmed_on=payload.programmed_on,
    )
    return Status(201, _allocations(request).get(pk=allocation.pk))


@router.post(
    "/allocations/{allocation_id}/commitments",
    response={201: CommitmentOut},
    auth=AUTH,
    summary="Engager une programmation",
)
def create_commitment(request, allocation_id: int, payload: CommitmentIn):
    allocation = get_object_or_404(Allocation.objects.visible_to(request.user), pk=allocation_id)
    commitment = services.commit(acting_user=request.user, allocation=allocation, **payload.dict())
    return Status(201, commitment)


@router.post(
    "/commitments/{commitment_id}/payments",
    response={201: PaymentOut},
    auth=AUTH,
    summary="Payer sur un engagement",
)
def create_payment(request, commitment_id: int, payload: PaymentIn):
    commitment = get_object_or_404(Commitment.objects.visible_to(request.user), pk=commitment_id)
    payment = services.pay(acting_user=request.user, commitment=commitment, **payload.dict())
    return Status(201, payment)


class RegionLineOut(Schema):
    """One region's envelopes on one budget line for one year, all funders together."""

    year: int
    region: str
    region_name: str
    line: str
    domain: str
    amount: Decimal
    programmed: Decimal
    committed: Decimal
    paid: Decimal
    carried: Decimal
    remaining: Decimal


@router.get(
    "/national",
    response=list[RegionLineOut],
    auth=AUTH,
    summary="Enveloppes et exécution par région, ligne et année (vue nationale)",
)
def national_view(request, year: int | None = None):
    envelopes = Envelope.objects.visible_to(request.user)
    if year is not None:
        envelopes = envelopes.filter(year=year)
    rows, _totals = queries.by_region_and_line(envelopes)
    return [
        {
            "year": r.year,
            "region": r.region.code,
            "region_name": r.region.name,
            "line": r.line.code,
            "domain": r.line.domain,
            **{name: getattr(r.totals, name) for name in queries.FIGURES},
        }
        for r in rows
    ]


from pilote.financement.api_plans import router as plans_router  # noqa: E402

router.add_router("/plans", plans_router)

from pilote.financement.api_programmes import router as programmes_router  # noqa: E402

router.add_router("/programmes", programmes_router)

from pilote.financement.api_tranches import router as tranches_router  # noqa: E402

router.add_router("/tranches", tranches_router)
