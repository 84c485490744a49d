"""National usage-based programmes: defining a programme and its windows (national
administrator), rolling a window out in a region (its ARS): each eligible establishment gets a
programming, a commitment and a tranche of the lump sum conditioned on the usage target,
through the ordinary services — so the target is read on accepted data only, the evidence is
stored, and the ARS is told by e-mail when a tranche turns payable."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from pilote.acteurs.models import Organisation
from pilote.core.history import save_with_history
from pilote.financement import perms, services, tranches
from pilote.financement.models import Envelope
from pilote.financement.models_programmes import (
    ProgrammeWindow,
    Rollout,
    RolloutLine,
    UsageProgramme,
)


def _require_national(user) -> None:
    if not perms.can_manage_programmes(user):
        raise PermissionDenied(_("Les programmes nationaux sont définis au niveau national."))


@transaction.atomic
def save_programme(*, acting_user, programme: UsageProgramme) -> UsageProgramme:
    _require_national(acting_user)
    programme.full_clean()
    save_with_history(programme, acting_user=acting_user, reason=_("Programme national"))
    return programme


@transaction.atomic
def save_window(*, acting_user, window: ProgrammeWindow, eligible=()) -> ProgrammeWindow:
    """A window with its eligible types and its list of eligible establishments."""
    _require_national(acting_user)
    known = {value for value, _label in Organisation._meta.get_field("type").choices}
    unknown = [t for t in window.eligible_types if t not in known]
    if unknown:
        raise ValidationError(
            {"eligible_types": _("Type d'établissement inconnu : %s.") % ", ".join(unknown)}
        )
    if not window.eligible_types and not eligible:
        raise ValidationError(
            {"eligible_types": _("Indiquez des types d'établissements ou une liste.")}
        )
    window.full_clean()
    save_with_history(window, acting_user=acting_user, reason=_("Fenêtre"))
    window.eligible.set(eligible)
    return window


def eligible_establishments(window: ProgrammeWindow, region):
    """The region's active establishments the window names, by type or in its list."""
    return (
        Organisation.objects.in_region(region)
        .filter(is_active=True)
        .filter(Q(type__in=window.eligible_types) | Q(pk__in=window.eligible.values("pk")))
        .order_by("name", "pk")
    )


@transaction.atomic
def roll_out(
    *, acting_user, window: ProgrammeWindow, region, envelope: Envelope, decided_on: date
) -> Rollout:
    """Roll `window` out in `region` on `envelope`: one programming, commitment and tranche
    of the lump sum per eligible establishment not already in it (rolling out again adds the
    establishments that became eligible). All or nothing: if the envelope cannot hold every
    lump sum, nothing is written."""
    services._require_manager(acting_user, region)
    if envelope.region_id != region.pk:
        raise ValidationError({"envelope": _("L'enveloppe doit être une enveloppe de la région.")})
    rollout = Rollout.objects.in_region(region).filter(window=window).first()
    if rollout is None:
        rollout = Rollout(window=window, region=region, envelope=envelope, decided_on=decided_on)
        rollout.full_clean()
        save_with_history(rollout, acting_user=acting_user, reason=_("Déploiement régional"))
    done = rollout.lines.values("establishment")
    establishments = list(eligible_establishments(window, region).exclude(pk__in=done))
    if not establishments:
        raise ValidationError(_("Aucun nouvel établissement éligible dans la région."))
    label = f"{window.programme.name} — {window.name}"
    for establishment in establishments:
        allocation = services.allocate(
            acting_user=acting_user,
            envelope=envelope,
            beneficiary=establishment,
            label=label[:200],
            amount=window.lump_sum,
            programmed_on=decided_on,
        )
        commitment = services.commit(
            acting_user=acting_user,
            allocation=allocation,
            reference=f"{window.programme.code.upper()}-{window.pk}"[:100],
            decided_on=decided_on,
            amount=window.lump_sum,
        )
        tranche = tranches.add_tranche(
            acting_user=acting_user,
            commitment=commitment,
            label=_("Forfait à l'usage — %s") % window.name,
            amount=window.lump_sum,
            data_element=window.data_element,
            indicator=window.indicator,
            organisation=establishment,
            period=window.period,
            threshold=window.threshold,
        )
        line = RolloutLine(rollout=rollout, establishment=establishment, tranche=tranche)
        save_with_history(line, acting_user=acting_user, reason=_("Établissement éligible"))
    return rollout
