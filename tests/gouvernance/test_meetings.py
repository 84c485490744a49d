import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.comptes.models import Role
from pilote.gouvernance import quorum, services
from pilote.gouvernance.models import (
    Action,
    ActionStatus,
    Decision,
    Meeting,
    MinutesStatus,
    Presence,
    SecondConvocation,
)
from tests.factories import ProjectFactory
from tests.gouvernance.conftest import add_seats, convene, paris

P, S, X, E, A = (
    Presence.PRESENT,
    Presence.SUBSTITUTE,
    Presence.PROXY,
    Presence.EXCUSED,
    Presence.ABSENT,
)


def attend(officer, meeting, seats, spec):
    """spec: one presence per seat; a proxy as (PROXY, index of the holder)."""
    rows = {}
    for seat, value in zip(seats, spec, strict=True):
        presence, holder = value if isinstance(value, tuple) else (value, None)
        rows[seat] = (presence, seats[holder] if holder is not None else None)
    return services.record_attendance(acting_user=officer, meeting=meeting, rows=rows)


def test_the_quorum_counts_titulars_substitutes_and_proxies(cossis, meeting, officer):
    seats = cossis.test_seats  # 6 voting seats, quorum 1/2: 3 required
    q = attend(officer, meeting, seats, [P, E, A, A, A, E])
    assert (q.required, q.counted, q.met) == (3, 1, False)
    q = attend(officer, meeting, seats, [P, S, A, A, A, E])
    assert (q.counted, q.met) == (2, False)
    q = attend(officer, meeting, seats, [P, S, (X, 0), A, A, E])
    assert (q.present, q.substitutes, q.proxies, q.met) == (1, 1, 1, True)
    assert quorum.compute(Meeting.objects.get(pk=meeting.pk)).met


def test_only_the_voting_seats_held_on_the_day_count_for_the_quorum(world, cossis, officer):
    """A member who left before the meeting is not on its sheet; a non-voting member attends
    but does not count; the quorum is computed on the voting seats of the day."""
    seats = cossis.test_seats
    services.end_seat(acting_user=officer, seat=seats[5], ends_on=datetime.date(2026, 2, 28))
    observer = add_seats(officer, cossis, [world.ara.hospital], voting=False)[0]
    meeting = convene(officer, cossis)  # 12 March 2026: five voting seats, quorum 3
    q = attend(officer, meeting, [*seats[:2], observer], [P, S, P])
    assert (q.voting_seats, q.required, q.counted, q.met) == (5, 3, 2, False)
    with pytest.raises(ValidationError) as refused:
        attend(officer, meeting, [seats[5]], [P])
    assert "ne siège pas à la date de la réunion" in str(refused.value)
    q = attend(officer, meeting, [*seats[:3], observer], [P, S, (X, 0), P])
    assert (q.counted, q.met) == (3, True)
    # a body that admits no proxy refuses one
    cossis.proxies_allowed = False
    services.save_body(acting_user=officer, body=cossis)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        attend(officer, meeting, seats[:3], [P, S, (X, 0)])
    assert "n'admet pas les procurations" in str(refused.value)


def test_it_refuses_a_second_proxy_to_the_same_holder_and_keeps_the_attendance(
    cossis, meeting, officer
):
    seats = cossis.test_seats
    attend(officer, meeting, seats, [P, A, A, A, A, A])
    with pytest.raises(ValidationError) as refused:
        attend(officer, meeting, seats, [P, (X, 0), (X, 0), A, A, A])
    assert "plus de 1 procuration" in str(refused.value)
    assert quorum.compute(meeting).counted == 1


def test_a_proxy_to_an_absent_member_is_refused(cossis, meeting, officer):
    with pytest.raises(ValidationError) as refused:
        attend(officer, meeting, cossis.test_seats, [A, (X, 0), A, A, A, A])
    assert "n'est pas présent" in str(refused.value)


def test_a_missed_quorum_is_reconvened_under_the_body_rule(cossis, meeting, officer):
    seats = cossis.test_seats
    with pytest.raises(ValidationError):  # nothing recorded yet
        services.reconvene(
            acting_user=officer,
            meeting=meeting,
            starts_at=paris(2026, 3, 26, 14),
            ends_at=paris(2026, 3, 26, 16),
        )
    services.add_item(acting_user=officer, meeting=meeting, title="Feuille de route")
    attend(officer, meeting, seats, [P, A, A, A, A, A])
    second = services.reconvene(
        acting_user=officer,
        meeting=meeting,
        starts_at=paris(2026, 3, 26, 14),
        ends_at=paris(2026, 3, 26, 16),
    )
    assert second.is_second_convocation
    assert [i.title for i in second.items.all()] == ["Feuille de route"]
    attend(officer, second, seats, [P, A, A, A, A, A])
    assert quorum.compute(second).met  # the COSSIS then decides without quorum
    cossis.second_convocation = SecondConvocation.LOWER_QUORUM  # 1/3 of 6 = 2
    services.save_body(acting_user=officer, body=cossis)
    second.refresh_from_db()
    assert (quorum.compute(second).required, quorum.compute(second).met) == (2, False)
    with pytest.raises(ValidationError):
        services.reconvene(
            acting_user=officer,
            meeting=meeting,
            starts_at=paris(2026, 4, 2, 14),
            ends_at=paris(2026, 4, 2, 16),
        )


def test_approved_minutes_are_frozen(cossis, meeting, officer):
    item = services.add_item(acting_user=officer, meeting=meeting, title="Budget")
    services.save_notes(acting_user=officer, item=item, notes="Présentation du budget.")
    later = convene(officer, cossis, when=(2026, 6, 18, 14, 0), title="COSSIS d'été")
    with pytest.raises(ValidationError):  # approved by a later meeting only
        services.approve_minutes(acting_user=officer, meeting=later, approved_in=meeting)
    services.approve_minutes(acting_user=officer, meeting=meeting, approved_in=later)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.APPROVED
    for attempt in (
        lambda: services.save_notes(acting_user=officer, item=item, notes="Réécrit"),
        lambda: services.add_item(acting_user=officer, meeting=meeting, title="Ajout"),
        lambda: services.record_decision(
            acting_user=officer, decision=Decision(meeting=meeting, text="Tardive")
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "approuvé" in str(refused.value)
    # nor the attendance, an action, a recusal, nor a second approval
    seat = cossis.test_seats[0]
    for attempt in (
        lambda: services.record_attendance(
            acting_user=officer, meeting=meeting, rows={seat: (Presence.ABSENT, None)}
        ),
        lambda: services.add_action(
            acting_user=officer,
            action=Action(
                meeting=meeting, title="Tardive", owner=officer, due_on=datetime.date(2026, 9, 1)
            ),
        ),
        lambda: services.record_recusal(acting_user=officer, item=item, seat=seat),
        lambda: services.approve_minutes(acting_user=officer, meeting=meeting, approved_in=later),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "approuvé" in str(refused.value)
    item.refresh_from_db()
    assert item.notes == "Présentation du budget."
    assert not Decision.objects.filter(meeting=meeting).exists()
    assert not meeting.attendances.exists() and not meeting.actions.exists()
    assert not item.recusals.exists()
    # the approval is in the history, with who approved it
    approval = meeting.history.latest("history_date")
    assert approval.history_change_reason == "Approbation du compte rendu"
    assert approval.history_user == officer and approval.approved_in_id == later.pk


def test_an_action_is_followed_across_meetings_until_done(world, cossis, meeting, officer):
    from pilote.gouvernance.pages import followed_actions

    owner = world.ara.users[Role.GRADES_MANAGER]
    action = services.add_action(
        acting_user=officer,
        action=Action(
            meeting=meeting, title="Chiffrer le ROR", owner=owner, due_on=datetime.date(2026, 5, 1)
        ),
    )
    june = convene(officer, cossis, when=(2026, 6, 18, 14, 0), title="Juin")
    october = convene(officer, cossis, when=(2026, 10, 8, 14, 0), title="Octobre")
    december = convene(officer, cossis, when=(2026, 12, 10, 14, 0), title="Décembre")
    assert action in followed_actions(june)
    services.update_action(acting_user=owner, action=action, status=ActionStatus.IN_PROGRESS)
    assert action in followed_actions(october)
    services.update_action(
        acting_user=officer, action=action, status=ActionStatus.DONE, meeting=october
    )
    assert action in followed_actions(october)  # closed in it
    assert action not in followed_actions(december)
    with pytest.raises(ValidationError):
        services.update_action(acting_user=owner, action=action, status=ActionStatus.OPEN)
    with pytest.raises(PermissionDenied):
        services.update_action(
            acting_user=world.ara.users[Role.PROJECT_OWNER], action=action, status="en_cours"
        )


def test_an_unknown_status_or_presence_is_refused_by_the_service(cossis, meeting, officer):
    """The services check the values themselves, whoever calls them (a form, the API)."""
    action = services.add_action(
        acting_user=officer,
        action=Action(
            meeting=meeting, title="Chiffrer", owner=officer, due_on=datetime.date(2026, 5, 1)
        ),
    )
    with pytest.raises(ValidationError, match="« abandonnée » inconnu"):
        services.update_action(acting_user=officer, action=action, status="abandonnée")
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    with pytest.raises(ValidationError, match="présence « peut-être » inconnue"):
        attend(officer, meeting, cossis.test_seats[:2], [P, "peut-être"])
    assert not meeting.attendances.exists()


def test_an_agenda_item_about_a_project_flags_its_organisation_seats(world, cossis, officer):
    project = ProjectFactory(
        region=world.ara.region, moa=world.ara.hospital, moa_delegate=world.ara.grades
    )
    meeting = convene(officer, cossis, items=[("Télésurveillance", project), ("Divers", None)])
    about, other = meeting.items.all()
    hospital_seat, grades_seat = cossis.test_seats[2], cossis.test_seats[1]
    assert services.conflicted_seat_ids(about) == {hospital_seat.pk, grades_seat.pk}
    assert services.conflicted_seat_ids(other) == set()
    recusal = services.record_recusal(acting_user=officer, item=about, seat=hospital_seat)
    assert recusal.history.count() == 1
    with pytest.raises(ValidationError):
        services.record_recusal(acting_user=officer, item=about, seat=hospital_seat)


def test_a_decision_on_an_item_about_a_project_is_linked_to_it(world, cossis, officer):
    project = ProjectFactory(region=world.ara.region, moa=world.ara.hospital)
    meeting = convene(officer, cossis, items=[("Télésurveillance", project)])
    decision = services.record_decision(
        acting_user=officer,
        decision=Decision(
            meeting=meeting,
            item=meeting.items.get(),
            text="Avis favorable",
            votes_for=4,
            votes_against=1,
            abstentions=0,
        ),
    )
    assert decision.project == project
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            acting_user=officer,
            decision=Decision(
                meeting=meeting, text="Trop", votes_for=6, votes_against=1, abstentions=0
            ),
        )
    assert "7 voix" in str(refused.value)
    other_region = ProjectFactory(region=world.bfc.region, moa=world.bfc.hospital)
    with pytest.raises(ValidationError):
        services.add_item(acting_user=officer, meeting=meeting, title="X", project=other_region)
