"""Cooperation API, scoped like the pages: shared sheets, needs, similar items, prior reviews,
proposals and reuse (issue 13 § 9)."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from pilote.cooperation import pages, services, similarity
from pilote.cooperation.models import (
    CooperationSheet,
    Invitation,
    Need,
    PriorReview,
    Proposal,
    Reuse,
)
from pilote.core.api_auth import AUTH
from pilote.territoires.lookups import region_by_code

similar_router = Router(tags=["coopération"])  # under /portfolio
router = Router(tags=["coopération"])


class SimilarOut(Schema):
    id: int
    kind: str
    region: str
    code: str
    title: str
    score: float
    reasons: list[str]


class SimilarQuery(Schema):
    limit: int = Field(10, ge=1, le=50)
    besoins: bool = False


@similar_router.get(
    "/projects/{project_id}/similar",
    response=list[SimilarOut],
    auth=AUTH,
    summary="Projets similaires des autres régions, du plus proche au moins proche",
)
def similar_projects(request, project_id: int, filters: Query[SimilarQuery]):
    project, _sheet = pages.readable_sheet_or_404(request.user, project_id)
    kinds = (similarity.PROJECT, similarity.NEED) if filters.besoins else (similarity.PROJECT,)
    matches = similarity.similar_to_project(request.user, project, limit=filters.limit, kinds=kinds)
    return [
        {
            "id": m.item.pk,
            "kind": m.item.kind,
            "region": m.item.region_name,
            "code": m.item.code,
            "title": m.item.title,
            "score": m.score,
            "reasons": m.reasons,
        }
        for m in matches
    ]


class SheetOut(Schema):
    project_id: int
    region: str = Field(alias="project.region.code")
    code: str = Field(alias="project.code")
    title: str = Field(alias="project.title")
    description: str = Field(alias="project.description")
    phase: str = Field(alias="project.phase")
    moa: str = Field(alias="project.moa.name")
    shared: bool
    target_users: str
    budget_band: str
    solution: str
    referent_function: str
    referent_contact: str
    strategic: bool


@router.get("/sheets", response=list[SheetOut], auth=AUTH, summary="Fiches de coopération")
@paginate(PageNumberPagination, page_size=100)
def list_sheets(request):
    return (
        CooperationSheet.objects.visible_to(request.user)
        .select_related("project__region", "project__moa")
        .order_by("project__region__name", "project__code")
    )


class NeedOut(Schema):
    id: int
    region: str = Field(alias="region.code")
    title: str
    description: str
    socle_service: str | None = Field(None, alias="socle_service.code")
    horizon: int | None
    budget_band: str
    status: str
    project_id: int | None


class NeedIn(Schema):
    region: str
    title: str
    description: str
    horizon: int | None = None
    budget_band: str = ""


@router.get("/needs", response=list[NeedOut], auth=AUTH, summary="Besoins des régions")
@paginate(PageNumberPagination, page_size=100)
def list_needs(request):
    return Need.objects.visible_to(request.user).select_related("region", "socle_service")


@router.post("/needs", response={201: NeedOut}, auth=AUTH, summary="Déclarer un besoin")
def create_need(request, payload: NeedIn):
    region = region_by_code(payload.region, request.user)
    need = Need(region=region, **payload.dict(exclude={"region"}))
    return Status(201, services.declare_need(acting_user=request.user, need=need))


@router.get(
    "/needs/{need_id}/similar",
    response=list[SimilarOut],
    auth=AUTH,
    summary="Projets et besoins similaires d'un besoin",
)
def need_similar(request, need_id: int, filters: Query[SimilarQuery]):
    need = pages.readable_need_or_404(request.user, need_id)
    return [
        {
            "id": m.item.pk,
            "kind": m.item.kind,
            "region": m.item.region_name,
            "code": m.item.code,
            "title": m.item.title,
            "score": m.score,
            "reasons": m.reasons,
        }
        for m in similarity.similar_to_need(request.user, need, limit=filters.limit)
    ]


class ReviewOut(Schema):
    id: int
    project_id: int
    decision: str
    cooperation_potential: str
    decided_on: datetime.date
    partner_regions: list[str]
    similar_project_ids: list[int]
    reused_solution: str

    @staticmethod
    def resolve_partner_regions(obj):
        return [r.code for r in obj.partner_regions.all()]

    @staticmethod
    def resolve_similar_project_ids(obj):
        return [p.pk for p in obj.similar_projects.all()]


@router.get("/reviews", response=list[ReviewOut], auth=AUTH, summary="Revues nationales")
@paginate(PageNumberPagination, page_size=100)
def list_reviews(request):
    return PriorReview.objects.visible_to(request.user).prefetch_related(
        "partner_regions", "similar_projects"
    )


class InvitationOut(Schema):
    id: int
    region: str = Field(alias="region.code")
    status: str
    reason: str
    cost_share: Decimal | None


class ProposalOut(Schema):
    id: int
    project_id: int
    lead_region: str = Field(alias="project.region.code")
    message: str
    invitations: list[InvitationOut]

    @staticmethod
    def resolve_invitations(obj):
        return list(obj.invitations.all())


@router.get("/proposals", response=list[ProposalOut], auth=AUTH, summary="Propositions")
@paginate(PageNumberPagination, page_size=100)
def list_proposals(request):
    return (
        Proposal.objects.visible_to(request.user)
        .select_related("project__region")
        .prefetch_related("invitations__region")
    )


class AnswerIn(Schema):
    accept: bool
    reason: str = ""
    cost_share: Decimal | None = None


@router.post(
    "/invitations/{invitation_id}/answer",
    response=InvitationOut,
    auth=AUTH,
    summary="Accepter ou décliner une proposition",
)
def answer_invitation(request, invitation_id: int, payload: AnswerIn):
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user), pk=invitation_id)
    return services.answer(acting_user=request.user, invitation=invitation, **payload.dict())


class ReuseOut(Schema):
    id: int
    region: str = Field(alias="region.code")
    service_id: int
    service: str = Field(alias="service.name")
    service_region: str = Field(alias="service.region.code")
    since: datetime.date
    adaptation: str


@router.get("/reuses", response=list[ReuseOut], auth=AUTH, summary="Réutilisations")
@paginate(PageNumberPagination, page_size=100)
def list_reuses(request):
    return Reuse.objects.visible_to(request.user).select_related("region", "service__region")
