"""Every change to a meeting: convocation and agenda, attendance, second convocation, minutes
(notes per item), decisions, actions, recusals, approval of the minutes. Once approved (at a
later meeting of the same body), the minutes are frozen: every change to them is refused."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pilote.core.history import save_with_history
from pilote.gouvernance import perms, quorum
from pilote.gouvernance.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Meeting,
    MinutesStatus,
    Presence,
    Recusal,
    Seat,
)


def _require_manager(user, body) -> None:
    from pilote.gouvernance.services import require_manager

    require_manager(user, body)


def seats_on_day(meeting: Meeting):
    """Every seat of the meeting's body held on the meeting's day (voting or not)."""
    return Seat.objects.filter(body=meeting.body_id).active_on(meeting.starts_at.date())


def _require_draft(meeting: Meeting) -> None:
    if meeting.frozen:
        raise ValidationError(
            _("Le compte rendu de « %s » est approuvé : il ne peut plus être modifié.")
            % meeting.title
        )


def _check_project(body: Body, project, field: str = "project") -> None:
    if project is not None and body.region_id and project.region_id != body.region_id:
        raise ValidationError(
            {field: _("Le projet « %s » n'est pas de la région de l'instance.") % project.code}
        )


@transaction.atomic
def convene(*, acting_user, meeting: Meeting, items=()) -> Meeting:
    """Convene a meeting with its agenda (`items`: (title, project or None) pairs)."""
    _require_manager(acting_user, meeting.body)
    meeting.full_clean()
    save_with_history(meeting, acting_user=acting_user, reason=_("Convocation"))
    for title, project in items:
        add_item(acting_user=acting_user, meeting=meeting, title=title, project=project)
    return meeting


@transaction.atomic
def add_item(*, acting_user, meeting: Meeting, title: str, project=None) -> AgendaItem:
    _require_manager(acting_user, meeting.body)
    _require_draft(meeting)
    _check_project(meeting.body, project)
    last = meeting.items.order_by("-position").first()
    item = AgendaItem(
        meeting=meeting, title=title, project=project, position=(last.position + 1) if last else 1
    )
    item.full_clean()
    save_with_history(item, acting_user=acting_user, reason=_("Ajout à l'ordre du jour"))
    return item


@transaction.atomic
def record_attendance(*, acting_user, meeting: Meeting, rows: dict) -> quorum.Quorum:
    """Record the attendance (seat → (presence, proxy seat or None)) of the seats held on the
    meeting's day; return the quorum."""
    _require_manager(acting_user, meeting.body)
    _require_draft(meeting)
    seats = {s.pk: s for s in seats_on_day(meeting)}
    errors = []
    held: dict[int, int] = {}
    for seat, (presence, proxy_to) in rows.items():
        if seat.pk not in seats:
            errors.append(_("%s ne siège pas à la date de la réunion.") % seat)
            continue
        if presence not in Presence.values:
            errors.append(
                _("%(seat)s : présence « %(value)s » inconnue.") % {"seat": seat, "value": presence}
            )
            continue
        if presence == Presence.PROXY:
            if not meeting.body.proxies_allowed:
                errors.append(_("%s : cette instance n'admet pas les procurations.") % seat)
            elif proxy_to is None or proxy_to.pk not in seats or proxy_to.pk == seat.pk:
                errors.append(_("%s : choisissez le siège qui reçoit la procuration.") % seat)
            elif rows.get(proxy_to, ("",))[0] not in (Presence.PRESENT, Presence.SUBSTITUTE):
                errors.append(
                    _("%(seat)s : la procuration va à %(to)s, qui n'est pas présent.")
                    % {"seat": seat, "to": proxy_to}
                )
            else:
                held[proxy_to.pk] = held.get(proxy_to.pk, 0) + 1
                if held[proxy_to.pk] > meeting.body.max_proxies_per_holder:
                    errors.append(
                        _("%(to)s détient plus de %(max)s procuration(s).")
                        % {"to": proxy_to, "max": meeting.body.max_proxies_per_holder}
                    )
        elif proxy_to is not None:
            errors.append(
                _("%s : une procuration n'est indiquée que pour un membre qui la donne.") % seat
            )
    if errors:
        raise ValidationError(errors)
    for seat, (presence, proxy_to) in rows.items():
        attendance = Attendance.objects.filter(meeting=meeting, seat=seat).first() or Attendance(
            meeting=meeting, seat=seat
        )
        attendance.presence = presence
        attendance.proxy_to = proxy_to if presence == Presence.PROXY else None
        save_with_history(attendance, acting_user=acting_user, reason=_("Émargement"))
    return quorum.compute(meeting)


@transaction.atomic
def reconvene(
    *, acting_user, meeting: Meeting, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> Meeting:
    """The quorum was missed: the body is convened again on the same agenda, under its
    second-convocation rule."""
    _require_manager(acting_user, meeting.body)
    result = quorum.compute(meeting)
    if not result.recorded or result.met:
        raise ValidationError(
            _("Une seconde convocation n'a lieu que si le quorum de la réunion a manqué.")
        )
    if meeting.is_second_convocation or Meeting.objects.filter(reconvened_from=meeting).exists():
        raise ValidationError(_("Cette réunion a déjà une seconde convocation."))
    if starts_at <= meeting.starts_at:
        raise ValidationError({"starts_at": _("La seconde convocation suit la première.")})
    second = Meeting(
        body=meeting.body,
        title=_("%s (seconde convocation)") % meeting.title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=meeting.place,
        video_link=meeting.video_link,
        reconvened_from=meeting,
    )
    items = [(i.title, i.project) for i in meeting.items.all()]
    return convene(acting_user=acting_user, meeting=second, items=items)


@transaction.atomic
def save_notes(*, acting_user, item: AgendaItem, notes: str) -> AgendaItem:
    _require_manager(acting_user, item.meeting.body)
    _require_draft(item.meeting)
    item.notes = notes
    save_with_history(item, acting_user=acting_user, reason=_("Compte rendu"))
    return item


@transaction.atomic
def record_decision(*, acting_user, decision: Decision) -> Decision:
    """A decision, with its vote when there was one (for, against and abstentions together,
    never more than the voting seats)."""
    meeting = decision.meeting
    _require_manager(acting_user, meeting.body)
    _require_draft(meeting)
    if decision.item_id and decision.item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("Ce point n'est pas de cette réunion.")})
    if decision.project_id is None and decision.item_id and decision.item.project_id:
        decision.project = decision.item.project
    _check_project(meeting.body, decision.project)
    votes = [decision.votes_for, decision.votes_against, decision.abstentions]
    if any(v is not None for v in votes):
        if any(v is None for v in votes):
            raise ValidationError(
                {"votes_for": _("Un vote se saisit en entier : pour, contre et abstentions.")}
            )
        seats = quorum.compute(meeting).voting_seats
        if sum(votes) > seats:
            raise ValidationError(
                {
                    "votes_for": _("%(n)s voix exprimées pour %(s)s sièges avec voix délibérative.")
                    % {"n": sum(votes), "s": seats}
                }
            )
    decision.full_clean()
    save_with_history(decision, acting_user=acting_user, reason=_("Décision"))
    return decision


@transaction.atomic
def add_action(*, acting_user, action: Action) -> Action:
    meeting = action.meeting
    _require_manager(acting_user, meeting.body)
    _require_draft(meeting)
    if not Body.objects.visible_to(action.owner).filter(pk=meeting.body_id).exists():
        raise ValidationError({"owner": _("Le responsable ne peut pas consulter cette instance.")})
    action.full_clean()
    save_with_history(action, acting_user=acting_user, reason=_("Action décidée"))
    return action


@transaction.atomic
def update_action(
    *, acting_user, action: Action, status: str, meeting: Meeting | None = None
) -> Action:
    """Report on an action; done, it is closed in `meeting` (the meeting that reviews it) or on
    today's date. A closed action is not reopened."""
    if not perms.can_update_action(acting_user, action):
        raise PermissionDenied(_("Seul le responsable de l'action ou l'ARS la met à jour."))
    if action.status == ActionStatus.DONE:
        raise ValidationError(_("Cette action est déjà faite."))
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("État « %s » inconnu.") % status})
    if meeting is not None and (
        meeting.body_id != action.meeting.body_id or meeting.starts_at < action.meeting.starts_at
    ):
        raise ValidationError(_("L'action est suivie dans les réunions suivantes de l'instance."))
    action.status = status
    if status == ActionStatus.DONE:
        action.closed_in = meeting
        action.done_on = datetime.date.today()
    save_with_history(action, acting_user=acting_user, reason=_("Suivi de l'action"))
    return action


def conflicted_seat_ids(item: AgendaItem) -> set[int]:
    """The seats whose organisation carries the item's project (MOA or delegated MOA)."""
    if item.project_id is None:
        return set()
    project = item.project
    owners = {project.moa_id, project.moa_delegate_id} - {None}
    return set(
        seats_on_day(item.meeting).filter(organisation__in=owners).values_list("pk", flat=True)
    )


@transaction.atomic
def record_recusal(*, acting_user, item: AgendaItem, seat, note: str = "") -> Recusal:
    _require_manager(acting_user, item.meeting.body)
    _require_draft(item.meeting)
    if seat.body_id != item.meeting.body_id:
        raise ValidationError({"seat": _("Ce siège n'est pas de cette instance.")})
    if Recusal.objects.filter(item=item, seat=seat).exists():
        raise ValidationError({"seat": _("Ce déport est déjà enregistré.")})
    recusal = Recusal(item=item, seat=seat, note=note)
    save_with_history(recusal, acting_user=acting_user, reason=_("Déport"))
    return recusal


@transaction.atomic
def approve_minutes(*, acting_user, meeting: Meeting, approved_in: Meeting) -> Meeting:
    """The minutes are approved at a later meeting of the same body, then frozen."""
    _require_manager(acting_user, meeting.body)
    _require_draft(meeting)
    if approved_in.body_id != meeting.body_id or approved_in.starts_at <= meeting.starts_at:
        raise ValidationError(
            {
                "approved_in": _(
                    "Le compte rendu est approuvé lors d'une réunion suivante de la même instance."
                )
            }
        )
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.approved_in = approved_in
    save_with_history(meeting, acting_user=acting_user, reason=_("Approbation du compte rendu"))
    return meeting
