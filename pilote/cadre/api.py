import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from pilote.cadre import services
from pilote.cadre.models import FrameworkVersion
from pilote.core.api_auth import AUTH

router = Router(tags=["cadre commun"])


class SocleServiceOut(Schema):
    code: str
    name: str
    purpose: str
    national_owner: str
    description: str


class ReferentielOut(Schema):
    code: str
    name: str
    kind: str
    availability: str
    evolution_plan: str


class PrincipleOut(Schema):
    number: int
    title: str
    description: str


class VersionOut(Schema):
    year: int
    label: str
    status: str
    published_at: datetime.datetime | None


class VersionDetailOut(VersionOut):
    socle_services: list[SocleServiceOut]
    referentiels: list[ReferentielOut]
    principles: list[PrincipleOut]

    @staticmethod
    def resolve_socle_services(obj):
        return list(obj.socle_services.all())

    @staticmethod
    def resolve_referentiels(obj):
        return list(obj.referentiels.all())

    @staticmethod
    def resolve_principles(obj):
        return list(obj.principles.all())


@router.get("/versions", response=list[VersionOut], auth=None, summary="Versions du cadre (public)")
def list_versions(request):
    return FrameworkVersion.objects.all()


@router.get(
    "/versions/{year}",
    response=VersionDetailOut,
    auth=None,
    summary="Une version et son contenu (public)",
)
def get_version(request, year: int):
    return get_object_or_404(FrameworkVersion, year=year)


@router.post(
    "/versions/{year}/next",
    response={201: VersionOut},
    auth=AUTH,
    summary="Préparer la version suivante (administrateur national)",
)
def next_version(request, year: int):
    source = get_object_or_404(FrameworkVersion, year=year)
    return Status(201, services.create_next_version(acting_user=request.user, source=source))


@router.post(
    "/versions/{year}/publish",
    response=VersionOut,
    auth=AUTH,
    summary="Publier et figer une version (administrateur national)",
)
def publish(request, year: int):
    version = get_object_or_404(FrameworkVersion, year=year)
    return services.publish_version(acting_user=request.user, version=version)
