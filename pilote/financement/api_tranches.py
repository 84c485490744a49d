"""Tranches through the API (/api/v1/funding/tranches), scoped like the funding pages: each
tranche with its commitment, beneficiary and project, its amount (a decimal string to the cent),
its state, its condition (a deliverable and/or a usage target), the evidence stored when it
became payable, the warning a later correction below the target sets, and its payment."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pilote.core.api_auth import AUTH
from pilote.financement.models import Tranche, TrancheStatus
from pilote.territoires.lookups import region_by_code

router = Router(tags=["financement"])


class DeliverableOut(Schema):
    label: str
    approved_on: datetime.date | None


class UsageTargetOut(Schema):
    """« indicator or data element ≥ threshold for a territory or an establishment at a
    period », read on accepted (published) data only."""

    data_element: str | None
    indicator: str | None
    name: str
    territory: str | None
    organisation_id: int | None
    unit_name: str
    period: str
    threshold: float


class ConditionOut(Schema):
    deliverable: DeliverableOut | None
    usage_target: UsageTargetOut | None


class EvidenceOut(Schema):
    value: float
    period: str
    report_id: int | None
    accepted_at: datetime.datetime | None


class TranchePaymentOut(Schema):
    id: int
    paid_on: datetime.date
    amount: Decimal
    reference: str
    document: str


class TrancheOut(Schema):
    id: int
    region: str
    year: int
    rank: int
    label: str
    envelope_id: int
    allocation_id: int
    allocation_label: str
    commitment_id: int
    commitment_reference: str
    beneficiary_id: int
    beneficiary: str
    project_id: int | None
    project: str | None
    amount: Decimal
    status: str
    status_label: str
    payable_since: datetime.datetime | None
    condition: ConditionOut
    evidence: EvidenceOut | None
    warning: str | None
    payment: TranchePaymentOut | None

    @staticmethod
    def resolve_region(obj):
        return obj.commitment.allocation.envelope.region.code

    @staticmethod
    def resolve_year(obj):
        return obj.commitment.allocation.envelope.year

    @staticmethod
    def resolve_envelope_id(obj):
        return obj.commitment.allocation.envelope_id

    @staticmethod
    def resolve_allocation_id(obj):
        return obj.commitment.allocation_id

    @staticmethod
    def resolve_allocation_label(obj):
        return obj.commitment.allocation.label

    @staticmethod
    def resolve_commitment_reference(obj):
        return obj.commitment.reference

    @staticmethod
    def resolve_beneficiary_id(obj):
        return obj.commitment.allocation.beneficiary_id

    @staticmethod
    def resolve_beneficiary(obj):
        return obj.commitment.allocation.beneficiary.name

    @staticmethod
    def resolve_project_id(obj):
        return obj.commitment.allocation.project_id

    @staticmethod
    def resolve_project(obj):
        project = obj.commitment.allocation.project
        return project.title if project else None

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_condition(obj):
        deliverable = (
            {"label": obj.deliverable, "approved_on": obj.deliverable_approved_on}
            if obj.deliverable
            else None
        )
        target = None
        if obj.has_usage_target:
            target = {
                "data_element": obj.data_element.code if obj.data_element_id else None,
                "indicator": obj.indicator.code if obj.indicator_id else None,
                "name": obj.target_name,
                "territory": obj.territory.code if obj.territory_id else None,
                "organisation_id": obj.organisation_id,
                "unit_name": obj.org_unit_name,
                "period": obj.period,
                "threshold": obj.threshold,
            }
        return {"deliverable": deliverable, "usage_target": target}

    @staticmethod
    def resolve_evidence(obj):
        if obj.evidence_value is None:
            return None
        return {
            "value": obj.evidence_value,
            "period": obj.period,
            "report_id": obj.evidence_report_id,
            "accepted_at": obj.evidence_accepted_at,
        }

    @staticmethod
    def resolve_warning(obj):
        return obj.warning or None


def _tranches(request):
    return Tranche.objects.visible_to(request.user).select_related(
        "commitment__allocation__envelope__region",
        "commitment__allocation__beneficiary",
        "commitment__allocation__project",
        "data_element",
        "indicator",
        "territory",
        "organisation",
        "payment",
    )


@router.get(
    "",
    response=list[TrancheOut],
    auth=AUTH,
    summary="Tranches : condition, état, preuve et paiement",
)
def list_tranches(
    request,
    region: str | None = None,
    year: int | None = None,
    status: TrancheStatus | None = None,
):
    """`region`: code INSEE de la région ; `year`: année de l'enveloppe ; `status`: `attente`,
    `payable` ou `payee`."""
    tranches = _tranches(request)
    if region:
        tranches = tranches.in_region(region_by_code(region, user=request.user))
    if year is not None:
        tranches = tranches.filter(commitment__allocation__envelope__year=year)
    if status:
        tranches = tranches.filter(status=status)
    return tranches.order_by(
        "commitment__allocation__envelope__region__code",
        "-commitment__allocation__envelope__year",
        "commitment_id",
        "rank",
    )


@router.get("/{tranche_id}", response=TrancheOut, auth=AUTH, summary="Une tranche")
def get_tranche(request, tranche_id: int):
    return get_object_or_404(_tranches(request), pk=tranche_id)
