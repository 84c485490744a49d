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


# who may submit a question: any account of the committee's region except the readers
REFERRAL_SUBMITTERS = (
    Role.ARS_OFFICER,
    Role.GRADES_MANAGER,
    Role.PROJECT_OWNER,
    Role.BODY_MEMBER,
)
# who, in the committee's secretariat organisation, records its opinion
COMMITTEE_SECRETARIES = (
    Role.ARS_OFFICER,
    Role.GRADES_MANAGER,
    Role.PROJECT_OWNER,
    Role.BODY_MEMBER,
)


def can_submit_referral(user, committee) -> bool:
    """The ARA charter: an organisation or a person of the region may refer a question to the
    ethics committee. Any account of the committee's region except the readers (ARS and
    national readers); the national administrator too."""
    access = access_for(user)
    if access.is_national_admin:
        return True
    if committee.region_id is None:
        return False
    return access.has_role_in_region(REFERRAL_SUBMITTERS, committee.region_id)


def can_screen_referral(user, referral) -> bool:
    """The COSSIS secretariat — held by the ARS (ARA charter) — checks that a referral is
    admissible, then forwards it or declares it inadmissible: whoever manages the body."""
    return can_manage_body(user, referral.committee)


def can_give_opinion(user, referral) -> bool:
    """The ethics committee's opinion is recorded by its secretariat (the members of its
    secretariat organisation); by whoever manages the body when it has none; by the national
    administrator."""
    access = access_for(user)
    if access.is_national_admin:
        return True
    committee = referral.committee
    if committee.secretariat_id is None:
        return can_manage_body(user, committee)
    return access.has_role_in_organisation(COMMITTEE_SECRETARIES, committee.secretariat_id)
