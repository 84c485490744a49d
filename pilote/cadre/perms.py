"""Who may change the cadre commun."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role


def can_edit_framework(user) -> bool:
    """Only the national level maintains the cadre commun (instruction 2016/147, § IV: the
    operational committee, led by the national agency, integrates the changes)."""
    return access_for(user).is_national_admin


def can_decide_evolution(user) -> bool:
    """The committees' opinions and decisions are recorded by a national administrator."""
    return access_for(user).is_national_admin


def can_submit_evolution(user) -> bool:
    """Regions (ARS, GRADeS) and the national level may ask for an evolution."""
    access = access_for(user)
    return access.is_national_admin or bool(access.roles & {Role.ARS_OFFICER, Role.GRADES_MANAGER})
