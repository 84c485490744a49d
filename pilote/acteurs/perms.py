"""Who may read and change organisations."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role

REGIONAL_EDITORS = (Role.ARS_OFFICER,)
OWN_ORGANISATION_EDITORS = (Role.GRADES_MANAGER, Role.PROJECT_OWNER)


def can_view_organisation(user, organisation) -> bool:
    """National roles read every region; regional roles read their own region only
    (instruction of 2017: each ARS steers its region; non-public data stays regional)."""
    access = access_for(user)
    return access.is_national or organisation.region_id in access.region_ids


def can_edit_organisation(user, organisation) -> bool:
    """The national administrator edits everything; the ARS steering officer edits the
    organisations of the ARS's region (the ARS keeps the regional directory); a GRADeS manager
    or project owner edits only the organisation they belong to. Readers never edit."""
    access = access_for(user)
    if access.is_national_admin:
        return True
    if access.has_role_in_region(REGIONAL_EDITORS, organisation.region_id):
        return True
    return access.has_role_in_organisation(OWN_ORGANISATION_EDITORS, organisation.pk)


def can_create_organisation(user, region) -> bool:
    """National administrators anywhere, ARS steering officers in their region."""
    access = access_for(user)
    return access.is_national_admin or (
        region is not None and access.has_role_in_region(REGIONAL_EDITORS, region.pk)
    )
