"""Who may define, enter, validate and accept indicator data (instruction 2016/147 § III.4)."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role

REGIONAL_REPORTERS = (Role.GRADES_MANAGER, Role.ARS_OFFICER)


def can_define(user) -> bool:
    """Definitions and campaigns belong to the national level."""
    return access_for(user).is_national_admin


def can_enter(user, report) -> bool:
    """The GRADeS (operator) or the ARS of the region enters and submits its data."""
    return access_for(user).has_role_in_region(REGIONAL_REPORTERS, report.region_id)


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
