from pilote.comptes.access import access_for


def can_view_region(user, region) -> bool:
    """National roles see every region's pages; regional roles only their own region's."""
    access = access_for(user)
    return access.is_national or region.pk in access.region_ids
