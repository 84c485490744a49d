"""The ethics referral's steps: submitted by a requester, forwarded or declared inadmissible by
the COSSIS secretariat, answered by the ethics committee. Each step is dated, recorded in the
history and announced (`signals.referral_step_done`: e-mails)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.comptes.access import access_for
from pilote.core.history import history_user_or_none, save_with_history
from pilote.gouvernance import perms, signals
from pilote.gouvernance.models import BodyKind, EthicsReferral, ReferralStatus


def _announce(referral, step: str, acting_user) -> None:
    signals.referral_step_done.send(
        EthicsReferral, referral=referral, step=step, acting_user=acting_user
    )


def _require_status(referral, status: str) -> None:
    if referral.status != status:
        raise ValidationError(
            _("Cette saisine est « %(now)s » : cette étape n'est plus possible.")
            % {"now": referral.get_status_display().lower()}
        )


@transaction.atomic
def submit_referral(*, acting_user, referral: EthicsReferral) -> EthicsReferral:
    """A requester refers a question to an ethics committee, personally or on behalf of an
    organisation where they hold a role."""
    if referral.pk:
        raise ValidationError(_("Cette saisine est déjà soumise."))
    committee = referral.committee
    if not perms.can_submit_referral(acting_user, committee):
        raise PermissionDenied(
            _("Seuls les comptes de la région (hors lecteurs) saisissent ce comité d'éthique.")
        )
    if committee.kind != BodyKind.ETHICS:
        raise ValidationError({"committee": _("« %s » n'est pas un comité d'éthique.") % committee})
    organisation = referral.requester_organisation
    if organisation is not None:
        held = access_for(acting_user).organisations_by_role.values()
        if not any(organisation.pk in orgs for orgs in held):
            raise ValidationError(
                {
                    "requester_organisation": _(
                        "Vous ne pouvez saisir le comité qu'au nom d'une structure où vous "
                        "avez un rôle."
                    )
                }
            )
    referral.requester = acting_user
    referral.status = ReferralStatus.SUBMITTED
    referral.submitted_at = timezone.now()
    referral.full_clean()
    save_with_history(referral, acting_user=acting_user, reason=_("Saisine"))
    _announce(referral, "submitted", acting_user)
    return referral


def _screen(acting_user, referral, status, note, reason) -> EthicsReferral:
    if not perms.can_screen_referral(acting_user, referral):
        raise PermissionDenied(_("Seul le secrétariat du COSSIS (l'ARS) examine une saisine."))
    _require_status(referral, ReferralStatus.SUBMITTED)
    referral.status = status
    referral.screened_at = timezone.now()
    referral.screened_by = history_user_or_none(acting_user)
    referral.screening_note = note
    save_with_history(referral, acting_user=acting_user, reason=reason)
    return referral


@transaction.atomic
def forward_referral(*, acting_user, referral: EthicsReferral, note: str = "") -> EthicsReferral:
    """The COSSIS secretariat finds the question admissible and forwards it to the committee."""
    _screen(acting_user, referral, ReferralStatus.FORWARDED, note, _("Transmission au comité"))
    _announce(referral, "forwarded", acting_user)
    return referral


@transaction.atomic
def reject_referral(*, acting_user, referral: EthicsReferral, note: str) -> EthicsReferral:
    """The COSSIS secretariat declares the question inadmissible, and says why."""
    if not note.strip():
        raise ValidationError(
            {"note": _("Dites au demandeur pourquoi la saisine est irrecevable.")}
        )
    _screen(acting_user, referral, ReferralStatus.REJECTED, note, _("Saisine irrecevable"))
    _announce(referral, "rejected", acting_user)
    return referral


@transaction.atomic
def give_opinion(*, acting_user, referral: EthicsReferral, opinion: str) -> EthicsReferral:
    """The ethics committee gives its opinion on a forwarded question."""
    if not perms.can_give_opinion(acting_user, referral):
        raise PermissionDenied(_("Seul le secrétariat du comité d'éthique enregistre son avis."))
    _require_status(referral, ReferralStatus.FORWARDED)
    if not opinion.strip():
        raise ValidationError({"opinion": _("L'avis du comité est vide.")})
    referral.status = ReferralStatus.ANSWERED
    referral.opinion = opinion
    referral.answered_at = timezone.now()
    save_with_history(referral, acting_user=acting_user, reason=_("Avis du comité"))
    _announce(referral, "answered", acting_user)
    return referral
