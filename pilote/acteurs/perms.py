"""Who may change organisations and their people. Reads go through
`Organisation.objects.visible_to(user)` (pilote.comptes.scoping)."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role

REGIONAL_EDITORS = (Role.ARS_OFFICER,)
OWN_ORGANISATION_EDITORS = (Role.GRADES_MANAGER, Role.PROJECT_OWNER)
# What places an organisation in a region and decides who reads and writes its data.
RELOCATING_FIELDS = frozenset({"region", "departement", "type"})


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


def can_relocate_organisation(user, organisation) -> bool:
    """An organisation's region, département and type are changed only by the ARS of the
    region it leaves and by the national administrator — never by its own members, whose
    rights (and their region's) follow from them."""
    access = access_for(user)
    return access.is_national_admin or access.has_role_in_region(
        REGIONAL_EDITORS, organisation.region_id
    )


def can_create_organisation(user, region) -> bool:
    """National administrators anywhere, ARS steering officers in their region."""
    access = access_for(user)
    return access.is_national_admin or (
        region is not None and access.has_role_in_region(REGIONAL_EDITORS, region.pk)
    )


def can_import_finess(user) -> bool:
    """The national FINESS extraction is imported by the national administrator only: it
    creates and updates the establishments of every region."""
    return access_for(user).is_national_admin
