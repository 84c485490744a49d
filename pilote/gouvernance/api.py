"""The governance API under /api/v1/governance/, scoped like the pages (`visible_to`: an
object the user may not read is a 404): bodies, seats, meetings (with their quorum), decisions,
actions, ethics referrals. The writes a user needs without the browser — an action's status,
a meeting's attendance — call the services the pages call (`services_meetings`), which refuse
with the pages' permission (403, in French) and their business rules (422)."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from pilote.core.api_auth import AUTH
from pilote.gouvernance import quorum, services
from pilote.gouvernance.models import (
    Action,
    ActionStatus,
    Body,
    Decision,
    EthicsReferral,
    Meeting,
    Presence,
    Seat,
)

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


class ReferralOut(Schema):
    """A referral and its dated steps, as its page shows them."""

    id: int
    committee_id: int
    committee: str
    requester: str
    requester_organisation_id: int | None
    requester_organisation: str | None
    title: str
    question: str
    status: str
    status_label: str
    submitted_at: datetime.datetime
    screened_at: datetime.datetime | None
    screening_note: str
    answered_at: datetime.datetime | None
    opinion: str

    @staticmethod
    def resolve_committee(obj):
        return obj.committee.name

    @staticmethod
    def resolve_requester(obj):
        return obj.requester.get_full_name()

    @staticmethod
    def resolve_requester_organisation(obj):
        organisation = obj.requester_organisation
        return organisation.name if organisation else None

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


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


@router.get(
    "/referrals",
    response=list[ReferralOut],
    auth=AUTH,
    summary="Saisines du comité d'éthique (celles que le compte peut lire)",
)
def list_referrals(request):
    return _referrals(request)


@router.get(
    "/referrals/{referral_id}",
    response=ReferralOut,
    auth=AUTH,
    summary="Une saisine du comité d'éthique et ses étapes datées",
)
def get_referral(request, referral_id: int):
    return get_object_or_404(_referrals(request), pk=referral_id)


def _referrals(request):
    return EthicsReferral.objects.visible_to(request.user).select_related(
        "committee", "requester", "requester_organisation"
    )


class ActionStatusIn(Schema):
    status: ActionStatus
    # the meeting of the body that reviews the action (kept when it is done)
    meeting_id: int | None = None


@router.post(
    "/actions/{action_id}/status",
    response=ActionOut,
    auth=AUTH,
    summary="Mettre à jour l'état d'une action (son responsable ou l'ARS)",
)
def update_action_status(request, action_id: int, payload: ActionStatusIn):
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related("meeting__body", "owner"),
        pk=action_id,
    )
    meeting = None
    if payload.meeting_id is not None:
        meeting = Meeting.objects.visible_to(request.user).filter(pk=payload.meeting_id).first()
        if meeting is None:
            raise ValidationError(
                {"meeting_id": _("Réunion n° %s introuvable.") % payload.meeting_id}
            )
    return services.update_action(
        acting_user=request.user, action=action, status=payload.status, meeting=meeting
    )


class AttendanceRowIn(Schema):
    seat_id: int
    presence: Presence
    # the seat that holds the proxy, for a seat that gives one
    proxy_to_id: int | None = None


class AttendanceIn(Schema):
    rows: list[AttendanceRowIn]


class QuorumOut(Schema):
    voting_seats: int
    present: int
    substitutes: int
    proxies: int
    counted: int
    required: int
    met: bool


def _attendance_rows(meeting, rows) -> dict:
    """The payload's rows as the service takes them (seat → (presence, proxy seat)); a seat
    that is not the body's, or given twice, is refused, naming the row."""
    seats = Seat.objects.filter(body=meeting.body_id).in_bulk()
    result, errors = {}, []
    for number, row in enumerate(rows, start=1):
        seat, proxy = seats.get(row.seat_id), None
        if seat is None:
            errors.append(
                _("Ligne %(n)s : le siège n° %(seat)s n'est pas de cette instance.")
                % {"n": number, "seat": row.seat_id}
            )
            continue
        if seat in result:
            errors.append(
                _("Ligne %(n)s : le siège « %(seat)s » est déjà émargé.")
                % {"n": number, "seat": seat}
            )
            continue
        if row.proxy_to_id is not None:
            proxy = seats.get(row.proxy_to_id)
            if proxy is None:
                errors.append(
                    _(
                        "Ligne %(n)s : le siège n° %(seat)s, qui recevrait la procuration, n'est "
                        "pas de cette instance."
                    )
                    % {"n": number, "seat": row.proxy_to_id}
                )
                continue
        result[seat] = (row.presence, proxy)
    if errors:
        raise ValidationError({"rows": errors})
    return result


@router.post(
    "/meetings/{meeting_id}/attendance",
    response=QuorumOut,
    auth=AUTH,
    summary="Enregistrer l'émargement d'une réunion ; répond le quorum",
)
def record_attendance(request, meeting_id: int, payload: AttendanceIn):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("body"), pk=meeting_id
    )
    services.require_manager(request.user, meeting.body)  # refused before the rows are read
    # the service's Quorum (its `counted` and `met` are properties, read like fields)
    return services.record_attendance(
        acting_user=request.user, meeting=meeting, rows=_attendance_rows(meeting, payload.rows)
    )
