from django.urls import reverse

from pilote.comptes.models import Role


def test_a_regional_body_and_its_meetings_are_a_404_to_another_region(client, world, meeting):
    body = meeting.body
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    for url in (
        reverse("gouvernance:body", args=[body.pk]),
        reverse("gouvernance:meeting", args=[meeting.pk]),
        reverse("gouvernance:meeting_ics", args=[meeting.pk]),
        reverse("gouvernance:register", args=[body.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/api/v1/governance/bodies/{body.pk}").status_code == 404


def test_a_reader_of_the_region_reads_but_may_not_convene(client, world, meeting):
    client.force_login(world.ara.users[Role.ARS_READER])
    page = client.get(reverse("gouvernance:meeting", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Émargement" not in page.content.decode()
    assert client.get(reverse("gouvernance:meeting_add", args=[meeting.body.pk])).status_code == 404
    assert client.get(reverse("gouvernance:attendance", args=[meeting.pk])).status_code == 404


def test_the_officer_records_the_attendance_through_the_page(client, world, cossis, meeting):
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    seats = cossis.test_seats
    url = reverse("gouvernance:attendance", args=[meeting.pk])
    data = {f"presence_{s.pk}": "present" for s in seats[:3]}
    preview = client.post(url + "?apercu=1", data)
    assert "Quorum atteint" in preview.content.decode()
    assert not meeting.attendances.exists()  # the preview saves nothing
    response = client.post(url, data)
    assert response.status_code == 302
    assert meeting.attendances.count() == 3


def test_an_open_action_shows_in_its_owner_todo_and_on_mes_actions(client, world, meeting):
    import datetime

    from pilote.accueil.todo import _compute
    from pilote.gouvernance import services
    from pilote.gouvernance.models import Action

    owner = world.ara.users[Role.GRADES_MANAGER]
    services.add_action(
        acting_user=world.ara.users[Role.ARS_OFFICER],
        action=Action(
            meeting=meeting, title="Chiffrer le ROR", owner=owner, due_on=datetime.date(2026, 5, 1)
        ),
    )
    sections = {s.key: s for s in _compute(owner, datetime.date(2026, 4, 1))}
    assert [t.label for t in sections["actions"].tasks] == ["Chiffrer le ROR"]
    assert "actions" not in {
        s.key for s in _compute(world.ara.users[Role.ARS_READER], datetime.date(2026, 4, 1))
    }
    client.force_login(owner)
    assert "Chiffrer le ROR" in client.get(reverse("gouvernance:my_actions")).content.decode()


def test_the_api_gives_a_meeting_with_its_quorum_and_a_body_seats_at_a_date(
    client, world, cossis, meeting
):
    from pilote.gouvernance import services
    from pilote.gouvernance.models import Presence

    officer = world.ara.users[Role.ARS_OFFICER]
    rows = dict.fromkeys(cossis.test_seats[:3], (Presence.PRESENT, None))
    services.record_attendance(acting_user=officer, meeting=meeting, rows=rows)
    client.force_login(world.ara.users[Role.ARS_READER])
    data = client.get(f"/api/v1/governance/meetings/{meeting.pk}").json()
    assert (data["quorum_required"], data["quorum_counted"], data["quorum_met"]) == (3, 3, True)
    seats = client.get(f"/api/v1/governance/bodies/{cossis.pk}/seats?date=2025-12-31").json()
    assert seats == []
    assert len(client.get(f"/api/v1/governance/bodies/{cossis.pk}/seats").json()) == 6
