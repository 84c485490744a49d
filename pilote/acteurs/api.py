import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from pilote.acteurs import services
from pilote.acteurs.models import LegalForm, Organisation, OrganisationType
from pilote.acteurs.pickers import search_organisations
from pilote.core.api_auth import AUTH
from pilote.territoires.lookups import region_by_code
from pilote.territoires.models import Territory

router = Router(tags=["structures"])


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    type: str
    legal_form: str
    is_legal_entity: bool
    finess_et: str | None
    finess_ej: str
    siret: str
    address: str
    postcode: str
    city: str
    commune_code: str
    departement: str | None = Field(None, alias="departement.code")
    region: str | None = Field(None, alias="region.code")
    category_code: str
    category_label: str
    opened_on: datetime.date | None
    is_active: bool


class OrganisationPatch(Schema):
    name: str | None = None
    short_name: str | None = None
    type: OrganisationType | None = None
    legal_form: LegalForm | None = None
    siret: str | None = None
    siren: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    departement: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    is_active: bool | None = None


@router.get("", response=list[OrganisationOut], auth=AUTH, summary="Structures visibles")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_organisations(
    request,
    q: str = "",
    type: OrganisationType | None = None,
    region: str | None = None,
    departement: str | None = None,
):
    """Structures que le compte peut voir (toutes pour un rôle national, sa région sinon)."""
    qs = Organisation.objects.visible_to(request.user).select_related("departement", "region")
    qs = search_organisations(qs, q)
    if type:
        qs = qs.filter(type=type)
    if region:
        qs = qs.in_region(region_by_code(region))
    if departement:
        qs = qs.filter(departement__code=departement)
    return qs.order_by("name", "pk")


@router.get("/{organisation_id}", response=OrganisationOut, auth=AUTH, summary="Une structure")
def get_organisation(request, organisation_id: int):
    return get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("departement", "region"),
        pk=organisation_id,
    )


@router.patch(
    "/{organisation_id}", response=OrganisationOut, auth=AUTH, summary="Modifier une structure"
)
def patch_organisation(request, organisation_id: int, payload: OrganisationPatch):
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user), pk=organisation_id
    )
    values = payload.dict(exclude_unset=True)
    if "departement" in values:
        values["departement"] = get_object_or_404(
            Territory.objects.departements(), code=values["departement"]
        )
    services.update_organisation(acting_user=request.user, organisation=organisation, values=values)
    return get_object_or_404(
        Organisation.objects.select_related("departement", "region"), pk=organisation_id
    )
