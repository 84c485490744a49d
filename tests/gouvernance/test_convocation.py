"""The convocation e-mailed to the seats' representatives with the `.ics` invitation and the
convocation PDF attached; its refusals."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from pilote.comptes.models import Role
from pilote.gouvernance import exports
from pilote.gouvernance.models import Meeting, Seat
from pilote.gouvernance.services_convocation import send_convocation
from tests.factories import ProjectFactory
from tests.gouvernance.conftest import convene
from tests.gouvernance.pdf import pdf_text

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture(autouse=True)
def _send_at_once(immediate_tasks):
    """The e-mails are a task enqueued at the commit: run at once here."""


@pytest.fixture
def future(world, cossis, officer):
    project = ProjectFactory(region=world.ara.region, moa=world.ara.hospital, code="ARA-TLS")
    meeting = convene(
        officer,
        cossis,
        when=(NEXT_YEAR, 3, 12, 14, 0),
        items=[("Budget de l'année", None), ("Télésurveillance", project)],
    )
    seats = cossis.test_seats
    Seat.objects.filter(pk=seats[0].pk).update(
        titular_email="titulaire0@example.org", substitute_email="suppleant0@example.org"
    )
    # the same person for two seats: one e-mail
    Seat.objects.filter(pk__in=[seats[1].pk, seats[2].pk]).update(
        titular_email="Commun@example.org"
    )
    return meeting


def test_each_representative_receives_the_convocation_with_the_ics_and_the_pdf(
    future, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_convocation(acting_user=officer, meeting=future)
    assert [email for _name, email in sent] == [
        "titulaire0@example.org",
        "suppleant0@example.org",
        "Commun@example.org",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(email for _n, email in sent)
    message = next(m for m in mail.outbox if m.to == ["titulaire0@example.org"])
    assert "convocation" in message.subject and "12/03/" in message.subject
    assert "1. Budget de l'année" in message.body
    assert "2. Télésurveillance (ARA-TLS)" in message.body
    assert f"/gouvernance/reunions/{future.pk}/" in message.body
    (ics_name, ics, ics_type), (pdf_name, pdf, pdf_type) = message.attachments
    assert (ics_name, ics_type) == (f"reunion-{future.pk}.ics", "text/calendar")
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event.decoded("dtstart").hour == 14
    assert str(event.decoded("dtstart").tzinfo) == "Europe/Paris"
    assert pdf_type == "application/pdf"
    text = pdf_text(pdf)
    assert "Convocation" in text and "Budget de l'année" in text
    assert "ARA-TLS" in text and "Membres convoqués" in text
    future.refresh_from_db()
    assert future.convened_on is not None
    assert future.history.first().history_change_reason == "Envoi de la convocation"


def test_the_convocation_is_refused_without_agenda_address_right_or_future(
    world, cossis, officer, future
):
    empty = convene(officer, cossis, when=(NEXT_YEAR, 6, 1, 10, 0), title="Sans ordre du jour")
    with pytest.raises(ValidationError, match="au moins un point"):
        send_convocation(acting_user=officer, meeting=empty)
    Seat.objects.update(titular_email="", substitute_email="")
    with pytest.raises(ValidationError, match="Aucun représentant"):
        send_convocation(acting_user=officer, meeting=future)
    with pytest.raises(PermissionDenied):
        send_convocation(acting_user=world.ara.users[Role.ARS_READER], meeting=future)
    with pytest.raises(PermissionDenied):
        send_convocation(acting_user=world.bfc.users[Role.ARS_OFFICER], meeting=future)
    past = convene(officer, cossis, when=(2020, 1, 10, 10, 0), title="Passée")
    with pytest.raises(ValidationError, match="a commencé"):
        send_convocation(acting_user=officer, meeting=past)
    assert not mail.outbox
    assert Meeting.objects.filter(convened_on__isnull=False).count() == 0


def test_the_page_button_sends_and_says_how_many(
    client, future, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("gouvernance:convocation", args=[future.pk]), follow=True)
    assert "Convocation envoyée à 3 représentants." in response.content.decode()
    assert len(mail.outbox) == 3
    page = client.get(reverse("gouvernance:meeting", args=[future.pk])).content.decode()
    assert "Envoyer à nouveau la convocation" in page


def test_the_convocation_pdf_lists_the_agenda_and_the_members(client, future, officer, cossis):
    client.force_login(officer)
    response = client.get(reverse("gouvernance:convocation_pdf", args=[future.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Télésurveillance" in text
    for seat in cossis.test_seats[3:]:  # short names: on one line of the table
        assert seat.titular in text
    assert "Quorum : 1/2" in text


def test_the_feed_of_a_body_holds_every_meeting_in_paris_time(cossis, officer):
    convene(officer, cossis, when=(NEXT_YEAR, 1, 15, 9, 0), title="Hiver")
    convene(officer, cossis, when=(NEXT_YEAR, 7, 15, 9, 0), title="Été")
    calendar = Calendar.from_ical(exports.body_feed_ics(cossis))
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["COSSIS ARA — Hiver", "COSSIS ARA — Été"]
    assert {e.decoded("dtstart").hour for e in events} == {9}
    assert [e.decoded("dtstart").astimezone(datetime.UTC).hour for e in events] == [8, 7]
    assert str(calendar["x-wr-calname"]) == "COSSIS ARA"
