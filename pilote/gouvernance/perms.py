"""Who may change a body and what it does. Reads go through `Body.objects.visible_to(user)`
(`gouvernance.scoping.BodyScopedQuerySet`)."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role


def can_manage_body(user, body) -> bool:
    """The ARS runs the regional concertation (instruction of 2017, § I.B: the ARS convenes
    and leads the regional bodies; the ARA charter: the COSSIS secretariat is the ARS's): the
    ARS officer of the region manages a regional body (its seats, charter, meetings, minutes);
    a national body is managed by the national administrator, who may also act on any."""
    access = access_for(user)
    if access.is_national_admin:
        return True
    if body.region_id is None:
        return False
    return access.has_role_in_region((Role.ARS_OFFICER,), body.region_id)


def can_update_action(user, action) -> bool:
    """An action is reported on by its owner, or by whoever manages its body."""
    if getattr(user, "pk", None) is not None and action.owner_id == user.pk:
        return True
    return can_manage_body(user, action.meeting.body)
