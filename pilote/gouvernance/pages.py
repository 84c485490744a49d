"""What the governance pages and the minutes PDF read: the attendance sheet of a meeting, the
actions followed in a meeting, the decisions about a project."""

from dataclasses import dataclass

from django.db.models import Q

from pilote.gouvernance.models import Action, ActionStatus, Decision, Meeting, Seat
from pilote.gouvernance.services_meetings import seats_on_day


@dataclass(frozen=True)
class SheetRow:
    seat: Seat
    presence: str
    proxy_to: Seat | None


def attendance_sheet(meeting: Meeting) -> list[SheetRow]:
    """Every seat held on the meeting's day with its recorded presence ("" if none)."""
    recorded = {a.seat_id: a for a in meeting.attendances.select_related("proxy_to__organisation")}
    rows = []
    for seat in seats_on_day(meeting).select_related("organisation"):
        attendance = recorded.get(seat.pk)
        rows.append(
            SheetRow(
                seat,
                attendance.get_presence_display() if attendance else "",
                attendance.proxy_to if attendance else None,
            )
        )
    return rows


def followed_actions(meeting: Meeting):
    """The actions of earlier meetings of the body still open at this meeting, or closed in it."""
    return (
        Action.objects.filter(
            meeting__body=meeting.body_id, meeting__starts_at__lt=meeting.starts_at
        )
        .filter(~Q(status=ActionStatus.DONE) | Q(closed_in=meeting))
        .select_related("owner", "meeting")
    )


def project_decisions(user, project):
    """The decisions about `project` in the bodies `user` reads."""
    return (
        Decision.objects.visible_to(user)
        .filter(project=project)
        .select_related("meeting__body")
        .order_by("-meeting__starts_at")
    )


def open_actions_of(user):
    """The actions `user` owns that are not done yet, in the bodies they read."""
    return (
        Action.objects.visible_to(user)
        .filter(owner=user)
        .open()
        .select_related("meeting__body")
        .order_by("due_on", "pk")
    )


def public_meetings(region):
    """The meetings of the region's public bodies (shown to anyone on the region's public
    dashboard), latest first; their minutes once approved."""
    return (
        Meeting.objects.filter(body__is_public=True)
        .in_region(region)
        .select_related("body")
        .order_by("-starts_at")[:20]
    )
