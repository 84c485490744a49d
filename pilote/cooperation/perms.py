"""Who may act on interregional cooperation (instruction of 2017, § IV and annex E: the ARS
share their needs and projects; the national delegation coordinates and reviews)."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role


def _ars(access, region_id) -> bool:
    return access.is_national_admin or access.has_role_in_region((Role.ARS_OFFICER,), region_id)


def _regional(access, region_id) -> bool:
    return _ars(access, region_id) or access.has_role_in_region((Role.GRADES_MANAGER,), region_id)


def can_edit_sheet(user, project) -> bool:
    """The ARS decides what its region shares of a project (its cooperation sheet)."""
    return _ars(access_for(user), project.region_id)


def can_declare_need(user, region) -> bool:
    """The ARS and its GRADeS make their region's needs known to the others."""
    return region is not None and _regional(access_for(user), region.pk)


def can_echo_need(user, need, region) -> bool:
    """Another region's ARS or GRADeS says "nous aussi", for its own region."""
    return (
        region is not None
        and region.pk != need.region_id
        and _regional(access_for(user), region.pk)
    )


def can_convert_need(user, need) -> bool:
    """The ARS of the region that declared a need turns it into a project."""
    return _ars(access_for(user), need.region_id)


def can_coordinate(user) -> bool:
    """The national administration coordinates: it judges the pairs of similar projects,
    sets the review threshold and records the national prior reviews."""
    return access_for(user).is_national_admin


def can_propose(user, project) -> bool:
    """The ARS of the project's region proposes to carry it with other regions."""
    return _ars(access_for(user), project.region_id)


def can_answer(user, invitation) -> bool:
    """The ARS of the invited region accepts or declines."""
    return _ars(access_for(user), invitation.region_id)


def can_declare_reuse(user, region) -> bool:
    """The ARS and its GRADeS declare the solutions their region reuses."""
    return region is not None and _regional(access_for(user), region.pk)
