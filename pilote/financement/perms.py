"""Who may change a region's funding. Reads go through `Envelope.objects.visible_to(user)`
(`comptes.scoping.FundingQuerySet`: national roles, the region's ARS and GRADeS)."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role


def can_manage_funding(user, region) -> bool:
    """The ARS notifies, programmes, commits and pays its region's envelopes (instruction of
    2017, § I.D: the ARS funds the GRADeS and the regional projects); the national
    administrator may correct them, as for the portfolio."""
    access = access_for(user)
    region_id = getattr(region, "pk", region)
    return access.is_national_admin or access.has_role_in_region((Role.ARS_OFFICER,), region_id)


def can_view_funding(user) -> bool:
    """Who reads funding at all (the menu entry): national roles, the ARS and the GRADeS —
    the same roles as `FundingQuerySet.visible_to`."""
    access = access_for(user)
    roles = (Role.ARS_OFFICER, Role.ARS_READER, Role.GRADES_MANAGER)
    return access.is_national or any(access.regions_by_role.get(r) for r in roles)


def can_read_funding(user, region) -> bool:
    """The region's funding pages (supervision included) are read by national roles and by the
    region's ARS and GRADeS, as `FundingQuerySet.visible_to` reads them; not by establishments'
    project owners nor by members of bodies."""
    access = access_for(user)
    region_id = getattr(region, "pk", region)
    roles = (Role.ARS_OFFICER, Role.ARS_READER, Role.GRADES_MANAGER)
    return access.is_national or access.has_role_in_region(roles, region_id)


def can_read_national_funding(user) -> bool:
    """The national view of every region's envelopes is for the national roles (the ministry's
    delegation and the national agency consolidate the regions' funding)."""
    return access_for(user).is_national


def can_manage_programmes(user) -> bool:
    """National usage-based programmes (SUN-ES, ESMS numérique) are defined nationally: by the
    national administrator; each region's ARS rolls a window out on its own envelopes."""
    return access_for(user).is_national_admin
