"""A meeting's minutes as PDF (with the attendance sheet), its `.ics` invitation, and a body's
decision register as XLSX."""

import zoneinfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pilote.core.exports import xlsx_bytes
from pilote.gouvernance import quorum
from pilote.gouvernance.models import Decision, Meeting

PARIS = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def minutes_context(meeting: Meeting) -> dict:
    from pilote.gouvernance.pages import attendance_sheet

    return {
        "meeting": meeting,
        "body": meeting.body,
        "items": meeting.items.select_related("project").prefetch_related(
            "decisions", "actions__owner", "recusals__seat__organisation"
        ),
        "sheet": attendance_sheet(meeting),
        "quorum": quorum.compute(meeting),
    }


def minutes_pdf(meeting: Meeting) -> bytes:
    from weasyprint import HTML

    html = render_to_string("gouvernance/minutes_pdf.html", minutes_context(meeting))
    return HTML(string=html).write_pdf()


def _event(meeting: Meeting, url: str = ""):
    from icalendar import Event

    event = Event()
    event.add("uid", f"reunion-{meeting.pk}@pilote")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(PARIS))
    event.add("dtend", meeting.ends_at.astimezone(PARIS))
    event.add("summary", f"{meeting.body} — {meeting.title}")
    event.add("location", meeting.video_link or meeting.place)
    agenda = "\n".join(str(item) for item in meeting.items.all())
    event.add("description", _("Ordre du jour :") + "\n" + agenda if agenda else "")
    if url:
        event.add("url", url)
    return event


def _calendar(name: str = ""):
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Pilote//gouvernance//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def meeting_ics(meeting: Meeting, url: str = "") -> bytes:
    """One VEVENT in Europe/Paris time (with its VTIMEZONE), so calendars show the hour the
    convocation gives."""
    calendar = _calendar()
    calendar.add_component(_event(meeting, url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def body_feed_ics(body, meeting_url=None) -> bytes:
    """The subscribable calendar of a body: every meeting, same events (same UID) as the
    invitations, so a client that imported one does not show it twice."""
    calendar = _calendar(str(body))
    meetings = body.meetings.prefetch_related("items").order_by("starts_at")
    for meeting in meetings:
        calendar.add_component(_event(meeting, meeting_url(meeting) if meeting_url else ""))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def convocation_pdf(meeting: Meeting) -> bytes:
    """The convocation: date, place or video link, rules, agenda, actions followed, members."""
    from weasyprint import HTML

    from pilote.gouvernance.pages import followed_actions
    from pilote.gouvernance.services_meetings import seats_on_day

    context = {
        "meeting": meeting,
        "body": meeting.body,
        "items": meeting.items.select_related("project"),
        "followed": followed_actions(meeting).exclude(closed_in=meeting),
        "seats": seats_on_day(meeting).select_related("organisation"),
    }
    html = render_to_string("gouvernance/convocation_pdf.html", context)
    return HTML(string=html).write_pdf()


REGISTER_HEADERS = [
    gettext_lazy("Instance"),
    gettext_lazy("Réunion"),
    gettext_lazy("Date"),
    gettext_lazy("Point"),
    gettext_lazy("Décision"),
    gettext_lazy("Pour"),
    gettext_lazy("Contre"),
    gettext_lazy("Abstentions"),
    gettext_lazy("Projet"),
    gettext_lazy("Compte rendu"),
]


def register_rows(decisions):
    for d in decisions.select_related("meeting__body", "item", "project").order_by(
        "meeting__starts_at", "pk"
    ):
        yield [
            str(d.meeting.body),
            d.meeting.title,
            timezone.localtime(d.meeting.starts_at).date(),
            d.item.title if d.item else "",
            d.text,
            d.votes_for,
            d.votes_against,
            d.abstentions,
            d.project.code if d.project else "",
            d.meeting.get_minutes_status_display(),
        ]


def register_xlsx(body) -> bytes:
    decisions = Decision.objects.filter(meeting__body=body)
    headers = [str(h) for h in REGISTER_HEADERS]
    return xlsx_bytes(_("Registre des décisions"), headers, register_rows(decisions))
