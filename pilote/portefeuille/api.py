from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from pilote.acteurs.models import Organisation
from pilote.cadre.models import FrameworkVersion
from pilote.core.api_auth import AUTH
from pilote.portefeuille import queries, services
from pilote.portefeuille.models import (
    DigitalService,
    GateDecision,
    Health,
    Impulsion,
    Phase,
    Programme,
    ProgrammeKind,
    Strategy,
)
from pilote.territoires.lookups import region_by_code

router = Router(tags=["portefeuille"])
public = Router(tags=["catalogue"])


class StrategyOut(Schema):
    id: int
    region: str = Field(alias="region.code")
    title: str
    start_year: int
    end_year: int
    status: str


class StrategyIn(Schema):
    region: str
    title: str
    start_year: int
    end_year: int


class ProgrammeOut(Schema):
    id: int
    strategy_id: int
    code: str
    title: str
    kind: str


class ProgrammeIn(Schema):
    code: str
    title: str
    kind: ProgrammeKind
    description: str = ""


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    region: str = Field(alias="region.code")
    programme_id: int | None
    phase: str
    health: str = Field(
        description="ok, risque, derive ; « arrete » pour un projet arrêté (sans météo)"
    )
    health_reason: str
    impulsion: str
    moa_id: int
    moa_delegate_id: int | None
    socle_services: list[str]
    converged_into_id: int | None

    @staticmethod
    def resolve_socle_services(obj):
        return [s.code for s in obj.socle_services.all()]

    @staticmethod
    def resolve_health(obj):
        """ "arrete" for a stopped project: it has no health any more."""
        return "arrete" if obj.is_stopped else obj.health


class ProjectIn(Schema):
    region: str
    code: str
    title: str
    description: str = ""
    programme_id: int | None = None
    moa_id: int
    moa_delegate_id: int | None = None
    impulsion: Impulsion
    socle_services: list[str] = []


class ProjectPatch(Schema):
    title: str | None = None
    description: str | None = None
    health: Health | None = None
    health_reason: str | None = None
    porteur: str | None = None
    socle_services: list[str] | None = None


class GateIn(Schema):
    to_phase: Phase
    note: str = ""


class DecisionIn(Schema):
    approve: bool
    basis: str


class GateOut(Schema):
    id: int
    from_phase: str
    to_phase: str
    status: str
    decision_basis: str


class CatalogueOut(Schema):
    name: str
    description: str
    region: str = Field(alias="region.code")
    operator: str = Field(alias="operator.name")
    for_professionals: bool
    for_patients: bool
    for_citizens: bool
    access_point: str
    status: str


def _socle(codes):
    version = FrameworkVersion.objects.in_force()
    found = list(version.socle_services.filter(code__in=codes)) if version else []
    missing = set(codes) - {s.code for s in found}
    if missing:
        raise ValidationError(
            {"socle_services": f"Services inconnus : {', '.join(sorted(missing))}"}
        )
    return found


@router.get(
    "/strategies", response=list[StrategyOut], auth=AUTH, summary="Stratégies régionales visibles"
)
def list_strategies(request):
    return Strategy.objects.visible_to(request.user).select_related("region")


@router.post(
    "/strategies", response={201: StrategyOut}, auth=AUTH, summary="Créer une stratégie régionale"
)
def create_strategy(request, payload: StrategyIn):
    strategy = Strategy(
        region=region_by_code(payload.region),
        title=payload.title,
        start_year=payload.start_year,
        end_year=payload.end_year,
    )
    return Status(201, services.save_strategy(acting_user=request.user, strategy=strategy))


@router.get(
    "/strategies/{strategy_id}/programmes",
    response=list[ProgrammeOut],
    auth=AUTH,
    summary="Programmes d'une stratégie",
)
def list_programmes(request, strategy_id: int):
    strategy = get_object_or_404(Strategy.objects.visible_to(request.user), pk=strategy_id)
    return strategy.programmes.all()


@router.post(
    "/strategies/{strategy_id}/programmes",
    response={201: ProgrammeOut},
    auth=AUTH,
    summary="Créer un programme dans une stratégie",
)
def create_programme(request, strategy_id: int, payload: ProgrammeIn):
    strategy = get_object_or_404(Strategy.objects.visible_to(request.user), pk=strategy_id)
    programme = Programme(strategy=strategy, **payload.dict())
    return Status(201, services.save_programme(acting_user=request.user, programme=programme))


@router.get("/projects", response=list[ProjectOut], auth=AUTH, summary="Projets visibles")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_projects(
    request,
    region: str | None = None,
    phase: Phase | None = None,
    health: Health | None = None,
    impulsion: Impulsion | None = None,
    socle: str | None = None,
    programme: int | None = None,
    q: str = "",
):
    qs = queries.portfolio(request.user, region_by_code(region) if region else None)
    filters = {
        "phase": phase,
        "health": health,
        "impulsion": impulsion,
        "socle": socle,
        "programme": programme,
        "q": q,
    }
    return queries.apply_filters(qs, filters).order_by("region__name", "code")


def _visible(request, project_id):
    return get_object_or_404(queries.portfolio(request.user), pk=project_id)


@router.get("/projects/{project_id}", response=ProjectOut, auth=AUTH, summary="Un projet")
def get_project(request, project_id: int):
    return _visible(request, project_id)


@router.post("/projects", response={201: ProjectOut}, auth=AUTH, summary="Créer un projet")
def create_project(request, payload: ProjectIn):
    region = region_by_code(payload.region)
    values = payload.dict(
        exclude={"region", "socle_services", "moa_id", "moa_delegate_id", "programme_id"}
    )
    organisations = Organisation.objects.visible_to(request.user)
    project = services.create_project(
        acting_user=request.user,
        region=region,
        socle_services=_socle(payload.socle_services),
        moa=get_object_or_404(organisations, pk=payload.moa_id),
        moa_delegate=get_object_or_404(organisations, pk=payload.moa_delegate_id)
        if payload.moa_delegate_id
        else None,
        programme=get_object_or_404(
            Programme.objects.visible_to(request.user).in_region(region), pk=payload.programme_id
        )
        if payload.programme_id
        else None,
        **values,
    )
    return Status(201, _visible(request, project.pk))


@router.patch(
    "/projects/{project_id}", response=ProjectOut, auth=AUTH, summary="Modifier un projet"
)
def patch_project(request, project_id: int, payload: ProjectPatch):
    project = _visible(request, project_id)
    values = payload.dict(exclude_unset=True)
    codes = values.pop("socle_services", None)
    services.update_project(
        acting_user=request.user,
        project=project,
        values=values,
        socle_services=_socle(codes) if codes is not None else None,
    )
    return _visible(request, project_id)


@router.post(
    "/projects/{project_id}/gates",
    response={201: GateOut},
    auth=AUTH,
    summary="Demander un passage de phase",
)
def request_gate(request, project_id: int, payload: GateIn):
    project = _visible(request, project_id)
    return Status(
        201,
        services.request_gate(
            acting_user=request.user, project=project, to_phase=payload.to_phase, note=payload.note
        ),
    )


@router.post(
    "/projects/{project_id}/gates/{gate_id}/decision",
    response=GateOut,
    auth=AUTH,
    summary="Décider d'un passage de phase",
)
def decide_gate(request, project_id: int, gate_id: int, payload: DecisionIn):
    project = _visible(request, project_id)
    gate = get_object_or_404(GateDecision, pk=gate_id, project=project)
    return services.decide_gate(
        acting_user=request.user, gate=gate, approve=payload.approve, basis=payload.basis
    )


@public.get(
    "",
    response=list[CatalogueOut],
    auth=None,
    summary="Catalogue régional des services numériques (public)",
)
def catalogue(request, region: str | None = None):
    qs = DigitalService.objects.published().select_related("region", "operator")
    if region:
        qs = qs.in_region(region_by_code(region))
    return qs.order_by("region__code", "name")
