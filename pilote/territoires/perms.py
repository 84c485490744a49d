from pilote.comptes.access import access_for


def can_manage_infra_territories(user, region) -> bool:
    """The ARS defines its infra-regional areas (CASSIS, GHT…): its steering officer, or a
    national administrator (AURA charter, art. on CASSIS)."""
    from pilote.comptes.models import Role

    access = access_for(user)
    return access.is_national_admin or access.has_role_in_region((Role.ARS_OFFICER,), region.pk)
