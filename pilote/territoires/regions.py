"""The region a page is about: the user's own, or the one a national user selected."""

from pilote.comptes.access import access_for
from pilote.core.formats import sort_key
from pilote.territoires.models import Territory

SESSION_KEY = "pilote_region_id"


def selectable_regions():
    return Territory.objects.current().ars_regions().order_by("name")


def in_french_order(regions) -> list[Territory]:
    """Regions as a French reader looks for them: Île-de-France among the I, not last (the
    database orders by code point)."""
    return sorted(regions, key=lambda region: sort_key(region.name))


def current_region(request) -> Territory | None:
    cached = getattr(request, "_pilote_region", False)
    if cached is not False:
        return cached
    access = access_for(request.user)
    region = None
    if access.is_national:
        region_id = request.session.get(SESSION_KEY)
        if region_id:
            region = Territory.objects.filter(pk=region_id).first()
    else:
        region = Territory.objects.regions().visible_to(request.user).order_by("name").first()
    request._pilote_region = region
    return region
