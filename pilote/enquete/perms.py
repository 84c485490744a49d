"""Who may do what in the survey. Reads go through `Grid.objects.visible_to(user)` and
`Questionnaire.objects.visible_to(user)` (national roles, the region's ARS and GRADeS)."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role

SURVEY_ROLES = (Role.ARS_OFFICER, Role.ARS_READER, Role.GRADES_MANAGER)


def can_view_survey(user) -> bool:
    """The survey pages (and the menu entry): national roles, the ARS and the GRADeS — the
    roles that read grids and questionnaires."""
    access = access_for(user)
    return access.is_national or any(access.regions_by_role.get(r) for r in SURVEY_ROLES)


def can_manage_campaigns(user) -> bool:
    """Campaigns are run by the national level (the national agency surveyed every operator
    and every ARS in 2012): the national administrator creates, imports, closes and reviews."""
    return access_for(user).is_national_admin


def can_fill_grid(user, region) -> bool:
    """A region's grids are filled by its operator: the GRADeS manager of the region; the
    national administrator may enter them on its behalf (imports of a whole campaign)."""
    access = access_for(user)
    region_id = getattr(region, "pk", region)
    return access.is_national_admin or access.has_role_in_region((Role.GRADES_MANAGER,), region_id)


def can_answer_questionnaire(user, region) -> bool:
    """The ARS questionnaire is answered by the region's ARS steering officer (annex 5.3: the
    ARS's view of its operator)."""
    access = access_for(user)
    region_id = getattr(region, "pk", region)
    return access.has_role_in_region((Role.ARS_OFFICER,), region_id)


def can_review_answers(user) -> bool:
    """Answers are verified before publication by a national reviewer (the administrator)."""
    return access_for(user).is_national_admin
