"""Every change to bodies, seats, charters and adhesions: one function per step, one
transaction, the rule checked (`perms.py`), history recorded. Meetings, minutes, decisions and
actions: `services_meetings.py` (re-exported here)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pilote.core.history import save_with_history
from pilote.gouvernance import perms
from pilote.gouvernance.models import (
    Adhesion,
    AppointmentKind,
    Body,
    BodyKind,
    Charter,
    DirectorAppointment,
    Scope,
    Seat,
)


def require_manager(user, body) -> None:
    if not perms.can_manage_body(user, body):
        raise PermissionDenied(
            _("Seul le chargé de pilotage de l'ARS de la région gère cette instance.")
            if body.region_id
            else _("Seul l'administrateur national gère les instances nationales.")
        )


@transaction.atomic
def save_body(*, acting_user, body: Body) -> Body:
    """Create or change a body; a national one has no region, a regional one keeps its own."""
    require_manager(acting_user, body)
    if body.pk:
        before = Body.objects.get(pk=body.pk)
        if before.region_id != body.region_id:
            raise ValidationError({"region": _("Une instance ne change pas de région.")})
    if body.scope == Scope.PROJECT and body.project_id is None:
        raise ValidationError({"project": _("Une instance de projet nomme son projet.")})
    if body.project_id and body.project.region_id != body.region_id:
        raise ValidationError({"project": _("Le projet doit être celui de la région.")})
    body.full_clean()
    save_with_history(
        body, acting_user=acting_user, reason=_("Modification") if body.pk else _("Création")
    )
    return body


@transaction.atomic
def save_seat(*, acting_user, seat: Seat) -> Seat:
    """Add a seat to a body, or correct one (the organisation of a seat never changes: a new
    member gets a new seat, the one who leaves keeps theirs with an end date)."""
    require_manager(acting_user, seat.body)
    if seat.pk and Seat.objects.get(pk=seat.pk).organisation_id != seat.organisation_id:
        raise ValidationError(
            {"organisation": _("Un siège ne change pas de structure : terminez-le et créez-en un.")}
        )
    seat.full_clean()
    save_with_history(
        seat, acting_user=acting_user, reason=_("Modification") if seat.pk else _("Nomination")
    )
    return seat


@transaction.atomic
def end_seat(*, acting_user, seat: Seat, ends_on: datetime.date) -> Seat:
    """A member leaves: the seat ends on `ends_on` and stays in the composition before it."""
    require_manager(acting_user, seat.body)
    if ends_on < seat.starts_on:
        raise ValidationError(
            {
                "ends_on": _("La fin du mandat (%(end)s) précède son début (%(start)s).")
                % {
                    "end": ends_on.strftime("%d/%m/%Y"),
                    "start": seat.starts_on.strftime("%d/%m/%Y"),
                }
            }
        )
    seat.ends_on = ends_on
    save_with_history(seat, acting_user=acting_user, reason=_("Fin de mandat"))
    return seat


@transaction.atomic
def save_charter(*, acting_user, charter: Charter) -> Charter:
    require_manager(acting_user, charter.body)
    charter.full_clean()
    save_with_history(
        charter, acting_user=acting_user, reason=_("Modification") if charter.pk else _("Adoption")
    )
    return charter


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def record_adhesion(*, acting_user, adhesion: Adhesion) -> Adhesion:
    """An organisation adheres to the charter by a signed act, for the charter's duration."""
    require_manager(acting_user, adhesion.charter.body)
    if adhesion.signed_on and adhesion.signed_on < adhesion.charter.adopted_on:
        raise ValidationError(
            {
                "signed_on": _("L'acte ne peut pas précéder l'adoption de la charte (%s).")
                % adhesion.charter.adopted_on.strftime("%d/%m/%Y")
            }
        )
    if adhesion.signed_on:
        adhesion.expires_on = add_years(adhesion.signed_on, adhesion.charter.duration_years)
    adhesion.full_clean()
    save_with_history(adhesion, acting_user=acting_user, reason=_("Adhésion"))
    return adhesion


@transaction.atomic
def withdraw_adhesion(
    *,
    acting_user,
    adhesion: Adhesion,
    requested_on: datetime.date,
    withdrawn_on: datetime.date,
    letter=None,
) -> Adhesion:
    """Withdrawal at any time on written request (ARA charter): the organisation stays a
    signatory until `withdrawn_on`."""
    require_manager(acting_user, adhesion.charter.body)
    if adhesion.withdrawn_on:
        raise ValidationError(_("Cette adhésion est déjà retirée."))
    if requested_on < adhesion.signed_on:
        raise ValidationError(
            {"requested_on": _("La demande de retrait précède la signature de l'acte.")}
        )
    if withdrawn_on < requested_on:
        raise ValidationError(
            {"withdrawn_on": _("Le retrait ne peut pas précéder la demande écrite.")}
        )
    adhesion.withdrawal_requested_on = requested_on
    adhesion.withdrawn_on = withdrawn_on
    if letter:
        adhesion.withdrawal_letter = letter
    save_with_history(adhesion, acting_user=acting_user, reason=_("Retrait"))
    return adhesion


DELIBERATIVE = (BodyKind.BOARD, BodyKind.GRADES_ASSEMBLY)


def current_director(body: Body) -> str:
    """The director in office after the body's last recorded decision ("" if none)."""
    last = DirectorAppointment.objects.filter(body=body).order_by("decided_on", "pk").last()
    return last.director if last and last.kind == AppointmentKind.APPOINTMENT else ""


@transaction.atomic
def record_director_decision(*, acting_user, appointment: DirectorAppointment):
    """The deliberative body appoints or revokes the GRADeS director; refused without the ARS
    director-general's recorded agreement (instruction of 2017), given on or before the
    deliberation."""
    body = appointment.body
    require_manager(acting_user, body)
    if body.kind not in DELIBERATIVE:
        raise ValidationError(
            {"body": _("Seule l'instance délibérante du GRADeS nomme ou révoque son directeur.")}
        )
    if appointment.ars_agreement_on is None:
        raise ValidationError(
            {
                "ars_agreement_on": _(
                    "La %s du directeur requiert l'accord du directeur général de l'ARS : "
                    "enregistrez sa date."
                )
                % appointment.get_kind_display().lower()
            }
        )
    if appointment.ars_agreement_on > appointment.decided_on:
        raise ValidationError(
            {"ars_agreement_on": _("L'accord de l'ARS doit précéder la délibération.")}
        )
    in_office = current_director(body)
    if appointment.kind == AppointmentKind.REVOCATION and in_office != appointment.director:
        raise ValidationError(
            {"director": _("%s n'est pas le directeur en fonction.") % appointment.director}
        )
    if appointment.kind == AppointmentKind.APPOINTMENT and in_office:
        raise ValidationError(
            {"director": _("%s est encore en fonction : révoquez-le d'abord.") % in_office}
        )
    appointment.full_clean()
    save_with_history(appointment, acting_user=acting_user, reason=appointment.get_kind_display())
    return appointment


from pilote.gouvernance.services_meetings import (  # noqa: E402, F401
    add_action,
    add_item,
    approve_minutes,
    conflicted_seat_ids,
    convene,
    reconvene,
    record_attendance,
    record_decision,
    record_recusal,
    save_notes,
    seats_on_day,
    update_action,
)
