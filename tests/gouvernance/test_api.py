"""The governance API beyond the reads of test_pages.py: ethics referrals scoped like their
pages; an action's status and a meeting's attendance written through the services, refused
with the pages' permission (403 in French, 404 to another region), recorded in the history."""

import datetime
import json

import pytest

from pilote.comptes.models import Role
from pilote.gouvernance import services
from pilote.gouvernance.models import (
    Action,
    ActionStatus,
    Attendance,
    EthicsReferral,
    Presence,
)
from pilote.gouvernance.services_referrals import forward_referral, submit_referral
from tests.gouvernance.conftest import convene, make_body, referral_readers


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def referral(world, committee):
    return submit_referral(
        acting_user=world.ara.users[Role.PROJECT_OWNER],
        referral=EthicsReferral(
            committee=committee,
            requester_organisation=world.ara.hospital,
            title="Consentement en télésurveillance",
            question="Faut-il un consentement écrit du patient ?",
        ),
    )


def test_a_referral_is_read_through_the_api_as_on_its_page(client, world, referral, officer):
    url = f"/api/v1/governance/referrals/{referral.pk}"
    for user, status in referral_readers(world).items():
        client.force_login(user)
        assert client.get(url).status_code == status, user
        listed = client.get("/api/v1/governance/referrals").json()
        assert [r["id"] for r in listed] == ([referral.pk] if status == 200 else []), user
    client.force_login(world.ara.users[Role.PROJECT_OWNER])
    data = client.get(url).json()
    assert data["status"] == "soumise"
    assert data["status_label"] == "Soumise au secrétariat du COSSIS"
    assert data["requester_organisation"] == world.ara.hospital.name
    assert data["submitted_at"] and data["screened_at"] is None
    # forwarded, the committee's secretariat reads it, and the requester sees the dated step
    forward_referral(acting_user=officer, referral=referral, note="Recevable.")
    client.force_login(world.ara.users[Role.GRADES_MANAGER])
    assert client.get(url).status_code == 200
    client.force_login(world.ara.users[Role.PROJECT_OWNER])
    data = client.get(url).json()
    assert data["status"] == "transmise" and data["screening_note"] == "Recevable."
    assert data["screened_at"] is not None


@pytest.fixture
def action(world, meeting, officer):
    return services.add_action(
        acting_user=officer,
        action=Action(
            meeting=meeting,
            title="Chiffrer le ROR",
            owner=world.ara.users[Role.GRADES_MANAGER],
            due_on=datetime.date(2026, 5, 1),
        ),
    )


def test_the_owner_reports_on_an_action_through_the_api(client, world, action):
    owner = world.ara.users[Role.GRADES_MANAGER]
    client.force_login(owner)
    response = post(
        client, f"/api/v1/governance/actions/{action.pk}/status", {"status": "en_cours"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "en_cours"
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    last = action.history.latest("history_date")
    assert last.history_user == owner and last.history_change_reason == "Suivi de l'action"


def test_the_manager_closes_an_action_in_a_later_meeting(client, world, cossis, action, officer):
    autumn = convene(officer, cossis, when=(2026, 10, 1, 14, 0), title="COSSIS d'automne")
    client.force_login(officer)
    response = post(
        client,
        f"/api/v1/governance/actions/{action.pk}/status",
        {"status": "faite", "meeting_id": autumn.pk},
    )
    assert response.status_code == 200, response.content
    assert response.json()["closed_in_id"] == autumn.pk
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_in == autumn
    # a closed action is not reopened (the service's rule, 422 in French)
    again = post(client, f"/api/v1/governance/actions/{action.pk}/status", {"status": "en_cours"})
    assert again.status_code == 422 and again.json()["detail"] == ["Cette action est déjà faite."]


def test_an_action_status_is_refused_like_on_the_page(client, world, action, officer):
    url = f"/api/v1/governance/actions/{action.pk}/status"
    # a reader of the region reads the action but may not report on it
    client.force_login(world.ara.users[Role.ARS_READER])
    refused = post(client, url, {"status": "faite"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Seul le responsable de l'action ou l'ARS la met à jour."
    # another region's officer does not know it exists
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    assert post(client, url, {"status": "faite"}).status_code == 404
    # bad input: an unknown status, a meeting the user cannot read, another body's meeting
    client.force_login(world.ara.users[Role.GRADES_MANAGER])
    unknown = post(client, url, {"status": "abandonnee"})
    assert unknown.status_code == 422
    assert "valeurs possibles" in unknown.json()["message"]
    bfc_body = make_body(world.bfc.users[Role.ARS_OFFICER], world.bfc.region, name="COSSIS BFC")
    bfc_meeting = convene(world.bfc.users[Role.ARS_OFFICER], bfc_body, when=(2026, 9, 1, 9, 0))
    hidden = post(client, url, {"status": "faite", "meeting_id": bfc_meeting.pk})
    assert hidden.status_code == 422
    assert hidden.json()["detail"] == {"meeting_id": [f"Réunion n° {bfc_meeting.pk} introuvable."]}
    other_body = make_body(officer, world.ara.region, name="CASSIS Loire")
    other = convene(officer, other_body, when=(2026, 9, 1, 9, 0))
    wrong = post(client, url, {"status": "faite", "meeting_id": other.pk})
    assert wrong.status_code == 422
    assert "réunions suivantes de l'instance" in wrong.json()["detail"][0]
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.history.count() == 1


def test_the_officer_records_the_attendance_through_the_api(client, world, cossis, meeting):
    officer = world.ara.users[Role.ARS_OFFICER]
    seats = cossis.test_seats
    rows = [{"seat_id": s.pk, "presence": "present"} for s in seats[:2]]
    rows.append({"seat_id": seats[2].pk, "presence": "procuration", "proxy_to_id": seats[0].pk})
    rows.append({"seat_id": seats[3].pk, "presence": "excuse"})
    client.force_login(officer)
    response = post(client, f"/api/v1/governance/meetings/{meeting.pk}/attendance", {"rows": rows})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "voting_seats": 6,
        "present": 2,
        "substitutes": 0,
        "proxies": 1,
        "counted": 3,
        "required": 3,
        "met": True,
    }
    recorded = {a.seat_id: (a.presence, a.proxy_to_id) for a in meeting.attendances.all()}
    assert recorded[seats[2].pk] == (Presence.PROXY, seats[0].pk)
    assert recorded[seats[3].pk] == (Presence.EXCUSED, None)
    history = Attendance.history.filter(meeting_id=meeting.pk)
    assert history.count() == 4
    assert {(h.history_user, h.history_change_reason) for h in history} == {(officer, "Émargement")}
    # the meeting's quorum, read back
    data = client.get(f"/api/v1/governance/meetings/{meeting.pk}").json()
    assert (data["quorum_counted"], data["quorum_met"]) == (3, True)


def test_the_attendance_is_refused_like_on_the_page(client, world, cossis, meeting):
    url = f"/api/v1/governance/meetings/{meeting.pk}/attendance"
    seats = cossis.test_seats
    good = {"rows": [{"seat_id": seats[0].pk, "presence": "present"}]}
    client.force_login(world.ara.users[Role.ARS_READER])
    refused = post(client, url, good)
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Seul le chargé de pilotage de l'ARS de la région gère cette instance."
    )
    # even with rows that are wrong, the permission is answered first
    assert post(client, url, {"rows": [{"seat_id": 0, "presence": "present"}]}).status_code == 403
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    assert post(client, url, good).status_code == 404
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    bfc_body = make_body(world.bfc.users[Role.ARS_OFFICER], world.bfc.region, name="COSSIS BFC")
    foreign = services.save_seat(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        seat=type(seats[0])(
            body=bfc_body,
            organisation=world.bfc.ars,
            college=seats[0].college,
            titular="Titulaire BFC",
            starts_on=seats[0].starts_on,
        ),
    )
    bad = post(
        client,
        url,
        {
            "rows": [
                {"seat_id": seats[0].pk, "presence": "present"},
                {"seat_id": foreign.pk, "presence": "present"},
                {"seat_id": seats[0].pk, "presence": "absent"},
                {"seat_id": seats[1].pk, "presence": "procuration", "proxy_to_id": 0},
            ]
        },
    )
    assert bad.status_code == 422
    assert bad.json()["detail"] == {
        "rows": [
            f"Ligne 2 : le siège n° {foreign.pk} n'est pas de cette instance.",
            f"Ligne 3 : le siège « {seats[0]} » est déjà émargé.",
            "Ligne 4 : le siège n° 0, qui recevrait la procuration, n'est pas de cette instance.",
        ]
    }
    # the service's own rules: a proxy to a seat that is not present
    absent_holder = post(
        client,
        url,
        {
            "rows": [
                {"seat_id": seats[0].pk, "presence": "absent"},
                {"seat_id": seats[1].pk, "presence": "procuration", "proxy_to_id": seats[0].pk},
            ]
        },
    )
    assert absent_holder.status_code == 422
    assert "qui n'est pas présent" in absent_holder.json()["detail"][0]
    unknown = post(client, url, {"rows": [{"seat_id": seats[0].pk, "presence": "peut-etre"}]})
    assert unknown.status_code == 422 and "valeurs possibles" in unknown.json()["message"]
    assert not Attendance.objects.filter(meeting=meeting).exists()
