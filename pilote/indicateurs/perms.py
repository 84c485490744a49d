"""Who may define, enter, validate and accept indicator data (instruction 2016/147 § III.4)."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role

REGIONAL_REPORTERS = (Role.GRADES_MANAGER, Role.ARS_OFFICER)
ESTABLISHMENT_REPORTERS = (Role.PROJECT_OWNER, Role.GRADES_MANAGER)


def can_define(user) -> bool:
    """Definitions and campaigns belong to the national level."""
    return access_for(user).is_national_admin


def can_enter(user, report) -> bool:
    """The GRADeS (operator) or the ARS of the region enters and submits its data; an
    establishment's report also by that establishment's own people."""
    access = access_for(user)
    if report.organisation_id and access.has_role_in_organisation(
        ESTABLISHMENT_REPORTERS, report.organisation_id
    ):
        return True
    return access.has_role_in_region(REGIONAL_REPORTERS, report.region_id)


def can_validate(user, report) -> bool:
    """The ARS validates (or sends back) what its region submitted."""
    return access_for(user).has_role_in_region((Role.ARS_OFFICER,), report.region_id)


def can_accept(user, report) -> bool:
    """The national level accepts, sends back and unlocks."""
    return access_for(user).is_national_admin


def can_read_unaccepted(user, region_id) -> bool:
    """Unaccepted values are visible to the national level and to the region's own roles."""
    access = access_for(user)
    return access.is_national or region_id in access.region_ids
