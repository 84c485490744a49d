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
