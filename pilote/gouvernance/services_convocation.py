"""Sending a meeting's convocation to the representatives of the seats, and each user's secret
calendar address."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.core.history import save_with_history
from pilote.gouvernance import signals
from pilote.gouvernance.models import CalendarToken, Meeting


def representatives(meeting: Meeting) -> list[tuple[str, str]]:
    """(name, e-mail) of the titulars and substitutes of the seats held on the meeting's day,
    each address once, in the order of the composition."""
    from pilote.gouvernance.services_meetings import seats_on_day

    seen: dict[str, tuple[str, str]] = {}
    for seat in seats_on_day(meeting).select_related("organisation"):
        titular = (seat.titular, seat.titular_email)
        for person in (titular, (seat.substitute, seat.substitute_email)):
            if person[1] and person[1].lower() not in seen:
                seen[person[1].lower()] = person
    return list(seen.values())


@transaction.atomic
def send_convocation(*, acting_user, meeting: Meeting) -> list[tuple[str, str]]:
    """E-mail the convocation (agenda, place or video link, the `.ics` invitation and the
    convocation PDF attached) to the titulars and substitutes of the seats held on the
    meeting's day. Sent again after a change of the agenda: each sending is in the history."""
    from pilote.gouvernance.services import require_manager

    require_manager(acting_user, meeting.body)
    if meeting.frozen:
        raise ValidationError(_("Le compte rendu de cette réunion est approuvé : elle a eu lieu."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("La réunion a commencé : on ne convoque plus."))
    if not meeting.items.exists():
        raise ValidationError(
            _("La convocation porte l'ordre du jour : ajoutez-y au moins un point.")
        )
    addresses = representatives(meeting)
    if not addresses:
        raise ValidationError(
            _("Aucun représentant des sièges n'a d'adresse courriel : complétez la composition.")
        )
    meeting.convened_on = timezone.now()
    save_with_history(meeting, acting_user=acting_user, reason=_("Envoi de la convocation"))
    signals.convocation_sent.send(
        Meeting, meeting=meeting, addresses=addresses, acting_user=acting_user
    )
    return addresses


@transaction.atomic
def renew_calendar_token(*, acting_user, user) -> CalendarToken:
    """Create or renew `user`'s secret calendar address (the former one stops working). Only
    for oneself."""
    if getattr(acting_user, "pk", None) is None or acting_user.pk != user.pk:
        raise PermissionDenied(_("Chacun gère seul son adresse d'agenda."))
    token = CalendarToken.objects.filter(user=user).first() or CalendarToken(user=user)
    token.key = CalendarToken.generate()
    save_with_history(token, acting_user=acting_user, reason=_("Adresse d'agenda renouvelée"))
    return token


def calendar_user(key: str):
    """The active user whose secret calendar address carries `key`, or None."""
    token = CalendarToken.objects.filter(key=key).select_related("user").first()
    if token is None or not token.user.is_active:
        return None
    return token.user
