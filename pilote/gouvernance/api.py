"""The governance API under /api/v1/governance/, read-only for now, scoped like the pages
(`visible_to`): bodies, seats, meetings (with their quorum), decisions, actions."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pilote.core.api_auth import AUTH
from pilote.gouvernance import quorum
from pilote.gouvernance.models import Action, Body, Decision, Meeting, Seat

router = Router(tags=["gouvernance"])


class BodyOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    scope: str
    region: str | None
    is_public: bool
    quorum: str
    proxies_allowed: bool
    max_proxies_per_holder: int
    second_convocation: str

    @staticmethod
    def resolve_region(obj):
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_quorum(obj):
        return obj.quorum_label


class SeatOut(Schema):
    id: int
    body_id: int
    organisation_id: int
    organisation: str
    college: str
    titular: str
    substitute: str
    voting: bool
    starts_on: datetime.date
    ends_on: datetime.date | None

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name


class MeetingOut(Schema):
    id: int
    body_id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    video_link: str
    second_convocation: bool
    minutes_status: str
    quorum_required: int
    quorum_counted: int
    quorum_met: bool

    @staticmethod
    def resolve_second_convocation(obj):
        return obj.is_second_convocation


class DecisionOut(Schema):
    id: int
    meeting_id: int
    item_id: int | None
    text: str
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    project_id: int | None


class ActionOut(Schema):
    id: int
    meeting_id: int
    title: str
    owner: str
    due_on: datetime.date
    status: str
    closed_in_id: int | None

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.email


@router.get("/bodies", response=list[BodyOut], auth=AUTH, summary="Instances")
def list_bodies(request):
    return Body.objects.visible_to(request.user).select_related("region")


@router.get("/bodies/{body_id}", response=BodyOut, auth=AUTH, summary="Une instance")
def get_body(request, body_id: int):
    return get_object_or_404(Body.objects.visible_to(request.user), pk=body_id)


@router.get(
    "/bodies/{body_id}/seats",
    response=list[SeatOut],
    auth=AUTH,
    summary="Sièges d'une instance (composition à une date avec ?date=)",
)
def list_seats(request, body_id: int, date: datetime.date | None = None):
    body = get_object_or_404(Body.objects.visible_to(request.user), pk=body_id)
    seats = Seat.objects.filter(body=body).select_related("organisation")
    return seats.active_on(date) if date else seats


def _with_quorum(meeting):
    q = quorum.compute(meeting)
    meeting.quorum_required, meeting.quorum_counted, meeting.quorum_met = (
        q.required,
        q.counted,
        q.met,
    )
    return meeting


@router.get("/meetings", response=list[MeetingOut], auth=AUTH, summary="Réunions")
def list_meetings(request, body: int | None = None):
    meetings = Meeting.objects.visible_to(request.user).select_related("body")
    if body is not None:
        meetings = meetings.filter(body=body)
    return [_with_quorum(m) for m in meetings]


@router.get("/meetings/{meeting_id}", response=MeetingOut, auth=AUTH, summary="Une réunion")
def get_meeting(request, meeting_id: int):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=meeting_id)
    return _with_quorum(meeting)


@router.get("/decisions", response=list[DecisionOut], auth=AUTH, summary="Décisions")
def list_decisions(request, project: int | None = None):
    decisions = Decision.objects.visible_to(request.user)
    if project is not None:
        decisions = decisions.filter(project=project)
    return decisions


@router.get("/actions", response=list[ActionOut], auth=AUTH, summary="Actions")
def list_actions(request, open_only: bool = False):
    actions = Action.objects.visible_to(request.user).select_related("owner")
    return actions.open() if open_only else actions
