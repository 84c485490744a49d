import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.comptes.models import Role
from pilote.gouvernance import services
from pilote.gouvernance.models import AppointmentKind, BodyKind, DirectorAppointment
from tests.gouvernance.conftest import make_body

D = datetime.date


@pytest.fixture
def board(world):
    body = make_body(world.bfc.users[Role.ARS_OFFICER], world.bfc.region, name="AG GRADeS BFC")
    body.kind = BodyKind.GRADES_ASSEMBLY
    return services.save_body(acting_user=world.bfc.users[Role.ARS_OFFICER], body=body)


def decide(user, body, kind, director, on, agreement):
    return services.record_director_decision(
        acting_user=user,
        appointment=DirectorAppointment(
            body=body, kind=kind, director=director, decided_on=on, ars_agreement_on=agreement
        ),
    )


def test_the_director_appointment_needs_the_ars_director_general_agreement(world, board):
    officer = world.bfc.users[Role.ARS_OFFICER]
    with pytest.raises(ValidationError) as refused:
        decide(officer, board, AppointmentKind.APPOINTMENT, "M. Roux", D(2026, 3, 1), None)
    assert "accord du directeur général de l'ARS" in str(refused.value)
    with pytest.raises(ValidationError):  # agreement after the deliberation
        decide(officer, board, AppointmentKind.APPOINTMENT, "M. Roux", D(2026, 3, 1), D(2026, 3, 2))
    assert not DirectorAppointment.objects.exists()
    decide(officer, board, AppointmentKind.APPOINTMENT, "M. Roux", D(2026, 3, 1), D(2026, 2, 20))
    assert services.current_director(board) == "M. Roux"


def test_the_revocation_needs_the_agreement_and_the_director_in_office(world, board):
    officer = world.bfc.users[Role.ARS_OFFICER]
    decide(officer, board, AppointmentKind.APPOINTMENT, "M. Roux", D(2026, 3, 1), D(2026, 2, 20))
    with pytest.raises(ValidationError):
        decide(officer, board, AppointmentKind.APPOINTMENT, "Mme Bel", D(2026, 9, 1), D(2026, 8, 1))
    with pytest.raises(ValidationError):
        decide(officer, board, AppointmentKind.REVOCATION, "M. Roux", D(2026, 9, 1), None)
    with pytest.raises(ValidationError):
        decide(officer, board, AppointmentKind.REVOCATION, "Mme Bel", D(2026, 9, 1), D(2026, 8, 1))
    decide(officer, board, AppointmentKind.REVOCATION, "M. Roux", D(2026, 9, 1), D(2026, 8, 1))
    assert services.current_director(board) == ""
    with pytest.raises(PermissionDenied):
        decide(
            world.bfc.users[Role.GRADES_MANAGER],
            board,
            AppointmentKind.APPOINTMENT,
            "Mme Bel",
            D(2026, 10, 1),
            D(2026, 9, 20),
        )


def test_only_a_deliberative_body_appoints_the_director(world):
    officer = world.bfc.users[Role.ARS_OFFICER]
    cossis = make_body(officer, world.bfc.region, name="COSSIS BFC")
    with pytest.raises(ValidationError):
        decide(
            officer, cossis, AppointmentKind.APPOINTMENT, "M. Roux", D(2026, 3, 1), D(2026, 2, 1)
        )


def test_the_page_shows_the_refusal_and_records_nothing(client, world, board):
    from django.urls import reverse

    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    url = reverse("gouvernance:director_add", args=[board.pk])
    data = {"kind": "nomination", "director": "M. Roux", "decided_on": "2026-03-01"}
    page = client.post(url, data)
    assert page.status_code == 200
    assert "accord du directeur général de l&#x27;ARS" in page.content.decode()
    assert not DirectorAppointment.objects.exists()
    assert client.post(url, {**data, "ars_agreement_on": "2026-02-20"}).status_code == 302
    body_page = client.get(reverse("gouvernance:body", args=[board.pk])).content.decode()
    assert "Nomination de M. Roux" in body_page
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    assert client.get(url).status_code == 404
