"""Every change to funding: one function per step, one transaction, history recorded.

The amounts below never exceed the amount above (envelope ≥ programmed + carried over;
programming ≥ committed; commitment ≥ paid). Each step locks the row above (`select_for_update`
on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers) before it sums what is
already below, so two users racing for the last euros cannot both pass."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from pilote.core.formats import euros
from pilote.core.history import save_with_history
from pilote.financement import perms
from pilote.financement.models import (
    Allocation,
    Commitment,
    Envelope,
    Origin,
    Payment,
)

ZERO = Decimal("0.00")


def _require_manager(user, region) -> None:
    if not perms.can_manage_funding(user, region):
        raise PermissionDenied(_("Les financements de la région sont gérés par son ARS."))


def _total(queryset) -> Decimal:
    return queryset.aggregate(total=Sum("amount"))["total"] or ZERO


def programmed(envelope: Envelope) -> Decimal:
    return _total(Allocation.objects.filter(envelope=envelope))


def carried_out(envelope: Envelope) -> Decimal:
    return _total(Envelope.objects.filter(carried_from=envelope))


def available(envelope: Envelope) -> Decimal:
    """What remains to programme (or carry over) in an envelope."""
    return envelope.amount - programmed(envelope) - carried_out(envelope)


def committed(allocation: Allocation) -> Decimal:
    return _total(Commitment.objects.filter(allocation=allocation))


def paid(commitment: Commitment) -> Decimal:
    return _total(Payment.objects.filter(commitment=commitment))


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def _within(amount: Decimal, remaining: Decimal, field: str, message: str) -> None:
    if amount > remaining:
        raise ValidationError({field: message % {"reste": euros(max(remaining, ZERO))}})


@transaction.atomic
def save_envelope(*, acting_user, envelope: Envelope) -> Envelope:
    """Notify an envelope to a region, or change it; its amount never falls below what is
    already programmed and carried over."""
    _require_manager(acting_user, envelope.region)
    if envelope.pk:
        before = _locked(Envelope, envelope.pk)
        if before.region_id != envelope.region_id:
            raise ValidationError({"region": _("Une enveloppe ne change pas de région.")})
        below = programmed(before) + carried_out(before)
        if envelope.amount < below:
            raise ValidationError(
                {
                    "amount": _(
                        "Le montant ne peut pas descendre sous ce qui est déjà programmé ou "
                        "reporté (%s)."
                    )
                    % euros(below)
                }
            )
    envelope.full_clean()
    save_with_history(
        envelope,
        acting_user=acting_user,
        reason=_("Modification") if envelope.pk else _("Notification"),
    )
    return envelope


@transaction.atomic
def allocate(
    *,
    acting_user,
    envelope: Envelope,
    beneficiary,
    label: str,
    amount: Decimal,
    programmed_on: date,
    project=None,
    eligible_cost: Decimal | None = None,
) -> Allocation:
    """Programme part of an envelope to a beneficiary (and a project)."""
    _require_manager(acting_user, envelope.region)
    envelope = _locked(Envelope, envelope.pk)
    allocation = Allocation(
        envelope=envelope,
        beneficiary=beneficiary,
        project=project,
        label=label,
        amount=amount,
        eligible_cost=eligible_cost,
        programmed_on=programmed_on,
    )
    allocation.full_clean()
    if beneficiary.region_id != envelope.region_id:
        raise ValidationError(
            {"beneficiary": _("Le bénéficiaire doit être une structure de la région.")}
        )
    if project is not None and project.region_id != envelope.region_id:
        raise ValidationError({"project": _("Le projet doit être un projet de la région.")})
    _within(
        amount,
        available(envelope),
        "amount",
        _("Le montant dépasse ce qui reste à programmer sur l'enveloppe (%(reste)s)."),
    )
    save_with_history(allocation, acting_user=acting_user, reason=_("Programmation"))
    return allocation


@transaction.atomic
def commit(
    *, acting_user, allocation: Allocation, reference: str, decided_on: date, amount: Decimal
) -> Commitment:
    """Record the legal commitment (decision or agreement) of a programming. A commitment on a
    project needs its opportunity study approved (the portfolio decides)."""
    from pilote.portefeuille.services import check_commitment_allowed

    _require_manager(acting_user, allocation.envelope.region)
    allocation = _locked(Allocation, allocation.pk)
    if allocation.project_id:
        check_commitment_allowed(allocation.project)
    commitment = Commitment(
        allocation=allocation, reference=reference.strip(), decided_on=decided_on, amount=amount
    )
    commitment.full_clean()
    _within(
        amount,
        allocation.amount - committed(allocation),
        "amount",
        _("Le montant dépasse ce qui reste à engager sur la programmation (%(reste)s)."),
    )
    save_with_history(commitment, acting_user=acting_user, reason=_("Engagement"))
    return commitment


@transaction.atomic
def pay(
    *,
    acting_user,
    commitment: Commitment,
    paid_on: date,
    amount: Decimal,
    reference: str,
    document: str = "",
) -> Payment:
    """Record a payment against a commitment."""
    _require_manager(acting_user, commitment.allocation.envelope.region)
    commitment = _locked(Commitment, commitment.pk)
    payment = Payment(
        commitment=commitment,
        paid_on=paid_on,
        amount=amount,
        reference=reference.strip(),
        document=document.strip(),
    )
    payment.full_clean()
    _within(
        amount,
        commitment.amount - paid(commitment),
        "amount",
        _("Le montant dépasse ce qui reste à payer sur l'engagement (%(reste)s)."),
    )
    save_with_history(payment, acting_user=acting_user, reason=_("Paiement"))
    return payment


@transaction.atomic
def carry_over(*, acting_user, envelope: Envelope, amount: Decimal, note: str = "") -> Envelope:
    """Carry what remains of an envelope to the next year, explicitly: the next year's envelope
    of origin "report" (created, or increased) says where it comes from."""
    _require_manager(acting_user, envelope.region)
    envelope = _locked(Envelope, envelope.pk)
    if amount <= 0:
        raise ValidationError({"amount": _("Indiquez un montant à reporter.")})
    _within(
        amount,
        available(envelope),
        "amount",
        _("On ne peut reporter que ce qui reste à programmer (%(reste)s)."),
    )
    target = Envelope.objects.filter(
        carried_from=envelope, year=envelope.year + 1, origin=Origin.CARRIED_OVER
    ).first()
    if target is None:
        target = Envelope(
            region=envelope.region,
            funder=envelope.funder,
            line=envelope.line,
            year=envelope.year + 1,
            channel=envelope.channel,
            origin=Origin.CARRIED_OVER,
            carried_from=envelope,
            amount=ZERO,
            source=_("Report de l'enveloppe %(year)s") % {"year": envelope.year},
        )
    target.amount += amount
    target.note = "\n".join(filter(None, [target.note, note.strip()]))
    target.full_clean()
    save_with_history(target, acting_user=acting_user, reason=_("Report"))
    return target
