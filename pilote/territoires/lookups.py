"""Looking up a territory from what a user or a client typed."""

from django.shortcuts import get_object_or_404

from pilote.territoires.models import Territory


def region_by_code(code: str, user=None) -> Territory:
    """Today's region with an ARS whose INSEE code is `code` (and that `user` reads, when
    given); 404 otherwise."""
    regions = Territory.objects.current().ars_regions()
    if user is not None:
        regions = regions.visible_to(user)
    return get_object_or_404(regions, code=code)
