import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pilote.territoires.models import Level, Territory
from pilote.territoires.services import current_territory_for

router = Router(tags=["territoires"])


class TerritoryOut(Schema):
    id: int
    level: str
    code: str
    name: str
    parent_id: int | None
    successor_id: int | None
    zone: str
    population: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None


@router.get("", response=list[TerritoryOut], auth=None, summary="Territoires (public)")
def list_territories(
    request,
    level: Level | None = None,
    valid_on: datetime.date | None = None,
    parent: str | None = None,
):
    """Territoires valides à la date `valid_on` (aujourd'hui par défaut), filtrables par niveau."""
    qs = Territory.objects.valid_on(valid_on or datetime.date.today())
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    return qs.order_by("level", "code")


@router.get("/{territory_id}", response=TerritoryOut, auth=None, summary="Un territoire")
def get_territory(request, territory_id: int):
    return get_object_or_404(Territory, pk=territory_id)


@router.get(
    "/{territory_id}/current",
    response=TerritoryOut,
    auth=None,
    summary="Territoire actuel auquel se rattache un ancien territoire",
)
def get_current(request, territory_id: int, on: datetime.date | None = None):
    return current_territory_for(get_object_or_404(Territory, pk=territory_id), on)
