import datetime
import io

from icalendar import Calendar
from openpyxl import load_workbook

from pilote.comptes.models import Role
from pilote.gouvernance import exports, services
from pilote.gouvernance.models import Decision, Presence
from tests.factories import ProjectFactory
from tests.gouvernance.conftest import convene
from tests.gouvernance.pdf import pdf_text


def test_the_ics_carries_the_meeting_time_in_europe_paris(cossis, officer):
    winter = convene(officer, cossis, when=(2026, 3, 12, 14, 0), items=[("Budget", None)])
    summer = convene(officer, cossis, when=(2026, 7, 2, 9, 30), title="Été")
    for meeting, hour, minute, utc_hour in ((winter, 14, 0, 13), (summer, 9, 30, 7)):
        calendar = Calendar.from_ical(exports.meeting_ics(meeting))
        event = calendar.walk("VEVENT")[0]
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "Europe/Paris"
        assert (start.hour, start.minute) == (hour, minute)
        assert start.astimezone(datetime.UTC).hour == utc_hour
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    assert "Budget" in str(
        Calendar.from_ical(exports.meeting_ics(winter)).walk("VEVENT")[0]["description"]
    )


def test_the_minutes_pdf_holds_the_decision_and_the_attendance_sheet(world, cossis, officer):
    project = ProjectFactory(region=world.ara.region, moa=world.ara.hospital)
    meeting = convene(officer, cossis, items=[("Télésurveillance", project)])
    seats = cossis.test_seats
    services.record_attendance(
        acting_user=officer,
        meeting=meeting,
        rows={seats[0]: (Presence.PRESENT, None), seats[1]: (Presence.EXCUSED, None)},
    )
    services.record_decision(
        acting_user=officer,
        decision=Decision(meeting=meeting, item=meeting.items.get(), text="Lancement approuvé"),
    )
    text = pdf_text(exports.minutes_pdf(meeting))
    assert "Lancement approuvé" in text
    assert "Feuille d'émargement" in text
    assert "Présent" in text and "Excusé" in text
    assert seats[5].titular in text  # every seat of the day, recorded or not


def test_the_decision_register_lists_each_decision_with_its_vote(world, cossis, officer):
    meeting = convene(officer, cossis)
    services.record_decision(
        acting_user=officer,
        decision=Decision(
            meeting=meeting, text="=Feuille de route", votes_for=5, votes_against=0, abstentions=1
        ),
    )
    sheet = load_workbook(io.BytesIO(exports.register_xlsx(cossis))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4] == "Décision"
    assert rows[1][4] == "=Feuille de route"  # text, never a formula
    assert rows[1][5:8] == (5, 0, 1)
    assert world.ara.users[Role.ARS_OFFICER] == officer
