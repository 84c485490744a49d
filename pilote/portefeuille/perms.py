"""Who may read and change the regional portfolio (instruction of 2017, § I.A and I.C)."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role
from pilote.portefeuille.models import Phase

# Gates whose decision belongs to the ARS: they commit the region (opportunity, framing, build,
# stopping). The delegated MOA may decide the operational ones (pilot, deployment, production).
ARS_GATES = frozenset({Phase.OPPORTUNITE, Phase.CADRAGE, Phase.REALISATION, Phase.ARRETE})


def _is_ars_officer(access, region_id) -> bool:
    return access.is_national_admin or access.has_role_in_region((Role.ARS_OFFICER,), region_id)


def can_create_project(user, region) -> bool:
    """The ARS and its GRADeS create projects in their region."""
    access = access_for(user)
    return region is not None and (
        _is_ars_officer(access, region.pk)
        or access.has_role_in_region((Role.GRADES_MANAGER,), region.pk)
    )


def can_edit_project(user, project) -> bool:
    """The ARS steering officer of the region, the GRADeS manager of the delegated MOA or MOA,
    and the project owner of the MOA organisation."""
    access = access_for(user)
    if _is_ars_officer(access, project.region_id):
        return True
    owners = {project.moa_id, project.moa_delegate_id} - {None}
    if any(access.has_role_in_organisation((Role.GRADES_MANAGER,), o) for o in owners):
        return True
    return access.has_role_in_organisation((Role.PROJECT_OWNER,), project.moa_id)


def can_decide_gate(user, gate) -> bool:
    """The ARS decides the gates that commit the region (opportunity study, framing, build,
    stop); the delegated MOA (its GRADeS manager) may decide the operational ones. Nobody
    decides on their own request."""
    if gate.requested_by_id == getattr(user, "pk", None):
        return False
    access = access_for(user)
    project = gate.project
    if _is_ars_officer(access, project.region_id):
        return True
    if gate.to_phase in ARS_GATES or project.moa_delegate_id is None:
        return False
    return access.has_role_in_organisation((Role.GRADES_MANAGER,), project.moa_delegate_id)


def can_manage_strategy(user, region) -> bool:
    """The ARS writes the regional e-health strategy and its programmes."""
    return _is_ars_officer(access_for(user), region.pk)


def can_manage_catalogue(user, region) -> bool:
    access = access_for(user)
    return _is_ars_officer(access, region.pk) or access.has_role_in_region(
        (Role.GRADES_MANAGER,), region.pk
    )


def can_import_projects(user, region=None) -> bool:
    """The ARS steering officer imports their region's portfolio from a spreadsheet; the
    national administrator imports into any region (issue 13 § 1). Without `region`: whether
    the user may import into at least one region (the import page)."""
    access = access_for(user)
    if region is None:
        return access.is_national_admin or bool(access.regions_by_role.get(Role.ARS_OFFICER))
    return _is_ars_officer(access, region.pk)
