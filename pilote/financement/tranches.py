"""Tranches conditioned on a deliverable and/or a usage target: adding them, approving a
deliverable, evaluating the condition on accepted data only, paying a payable tranche.

A tranche becomes payable the moment its condition holds on published data: when the ARS
approves its deliverable, or when the national level accepts the report whose value reaches
the target (`receivers.py`). The evidence is stored; a later correction below the target sets a
warning and never unpays."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.core.formats import euros
from pilote.core.history import save_with_history
from pilote.financement import services, signals
from pilote.financement.models import Commitment, Tranche, TrancheStatus


def _published(tranche: Tranche):
    """(value, report) of the tranche's target in the published data, or (None, None)."""
    if tranche.indicator_id:
        return _indicator_value(tranche)
    from pilote.indicateurs.models import DataValue

    values = DataValue.objects.published().filter(
        data_element_id=tranche.data_element_id, option="", period=tranche.period
    )
    if tranche.organisation_id:
        values = values.filter(organisation_id=tranche.organisation_id)
    else:
        values = values.filter(territory_id=tranche.territory_id, organisation__isnull=True)
    row = values.values_list("published", "report_id").first()
    if row is None:
        return None, None
    from pilote.indicateurs.models import Report

    return row[0], Report.objects.filter(pk=row[1]).first()


def indicator_target_value(tranche: Tranche) -> float | None:
    """The tranche's indicator for its unit at its period, computed by the indicator module as
    its dashboards compute it (on accepted data): a region through `indicator_table`, a
    département or an infra-regional territory through `subregional_table`, an establishment
    through `organisation_table`."""
    from pilote.indicateurs import analytics
    from pilote.indicateurs.periods import parse
    from pilote.territoires.models import Level

    indicator, period = tranche.indicator, parse(tranche.period)
    if tranche.organisation_id:
        table = analytics.organisation_table([indicator], period, [tranche.organisation_id])
        return table.get((indicator.pk, tranche.organisation_id))
    territory = tranche.territory
    if territory.level == Level.REGION:
        table = analytics.indicator_table([indicator], period, region_ids=[territory.pk])
    else:
        region = tranche.commitment.allocation.envelope.region
        table = analytics.subregional_table([indicator], period, region)
    return table.get((indicator.pk, territory.pk))


def _indicator_value(tranche: Tranche):
    """(value, the latest accepted report of the unit that feeds the indicator)."""
    from pilote.indicateurs.models import Report, ReportStatus

    value = indicator_target_value(tranche)
    if value is None:
        return None, None
    elements = [tranche.indicator.numerator_id, tranche.indicator.denominator_id]
    reports = Report.objects.filter(
        status=ReportStatus.ACCEPTED,
        campaign__period__startswith=tranche.period[:4],
        campaign__dataset__data_elements__in=[e for e in elements if e],
    )
    if tranche.organisation_id:
        reports = reports.filter(organisation_id=tranche.organisation_id)
    else:
        reports = reports.in_region(tranche.commitment.allocation.envelope.region_id)
    return value, reports.order_by("-accepted_at").first()


def _deliverable_met(tranche: Tranche) -> bool:
    return not tranche.deliverable.strip() or tranche.deliverable_approved_on is not None


def _evaluate(tranche: Tranche, *, acting_user, cause: str) -> Tranche:
    """Re-read the condition; save the tranche (with history) only when something changed."""
    value, report = (None, None)
    usage_met = True
    if tranche.has_usage_target:
        value, report = _published(tranche)
        usage_met = value is not None and value >= tranche.threshold
    changed = became_payable = False
    if tranche.status == TrancheStatus.WAITING:
        if usage_met and _deliverable_met(tranche):
            became_payable = True
            tranche.status = TrancheStatus.PAYABLE
            tranche.payable_since = timezone.now()
            if tranche.has_usage_target:
                tranche.evidence_value = value
                tranche.evidence_report = report
                tranche.evidence_accepted_at = report.accepted_at if report else None
            changed = True
    elif tranche.has_usage_target:
        warning = (
            ""
            if usage_met
            else _(
                "Après correction, la valeur publiée (%(v)s) est sous la cible (%(t)s) : la "
                "tranche reste %(s)s."
            )
            % {
                "v": "—" if value is None else f"{value:g}",
                "t": f"{tranche.threshold:g}",
                "s": tranche.get_status_display().lower(),
            }
        )
        if warning != tranche.warning:
            tranche.warning = warning
            changed = True
    if changed:
        save_with_history(tranche, acting_user=acting_user, reason=cause)
        if became_payable:
            signals.tranche_payable.send(Tranche, tranche=tranche, acting_user=acting_user)
    return tranche


@transaction.atomic
def add_tranche(
    *,
    acting_user,
    commitment: Commitment,
    label: str,
    amount: Decimal,
    deliverable: str = "",
    data_element=None,
    indicator=None,
    territory=None,
    organisation=None,
    period: str = "",
    threshold: float | None = None,
) -> Tranche:
    """A tranche of a commitment; the tranches never add up to more than the commitment."""
    services._require_manager(acting_user, commitment.allocation.envelope.region)
    commitment = services._locked(Commitment, commitment.pk)
    planned = Tranche.objects.filter(commitment=commitment).aggregate(t=Sum("amount"))["t"]
    rest = commitment.amount - (planned or Decimal("0"))
    if amount > rest:
        raise ValidationError(
            {
                "amount": _("Les tranches dépassent l'engagement : %s restent à répartir.")
                % euros(rest)
            }
        )
    tranche = Tranche(
        commitment=commitment,
        rank=Tranche.objects.filter(commitment=commitment).count() + 1,
        label=label,
        amount=amount,
        deliverable=deliverable.strip(),
        data_element=data_element,
        indicator=indicator,
        territory=territory,
        organisation=organisation,
        period=period.strip(),
        threshold=threshold,
    )
    tranche.full_clean()
    save_with_history(tranche, acting_user=acting_user, reason=_("Tranche ajoutée"))
    return _evaluate(tranche, acting_user=acting_user, cause=_("Condition remplie"))


@transaction.atomic
def approve_deliverable(*, acting_user, tranche: Tranche, approved_on) -> Tranche:
    services._require_manager(acting_user, tranche.commitment.allocation.envelope.region)
    tranche = services._locked(Tranche, tranche.pk)
    if not tranche.deliverable:
        raise ValidationError(_("Cette tranche n'attend aucun livrable."))
    tranche.deliverable_approved_on = approved_on
    tranche.deliverable_approved_by = acting_user
    save_with_history(tranche, acting_user=acting_user, reason=_("Livrable approuvé"))
    return _evaluate(tranche, acting_user=acting_user, cause=_("Condition remplie"))


@transaction.atomic
def pay_tranche(*, acting_user, tranche: Tranche, paid_on, reference: str, document: str = ""):
    """Pay a payable tranche: a payment of its amount on its commitment."""
    services._require_manager(acting_user, tranche.commitment.allocation.envelope.region)
    tranche = services._locked(Tranche, tranche.pk)
    if tranche.status != TrancheStatus.PAYABLE:
        raise ValidationError(
            _("La tranche « %(t)s » n'est pas payable (%(s)s).")
            % {"t": tranche.label, "s": tranche.get_status_display().lower()}
        )
    payment = services.pay(
        acting_user=acting_user,
        commitment=tranche.commitment,
        paid_on=paid_on,
        amount=tranche.amount,
        reference=reference,
        document=document,
    )
    tranche.payment = payment
    tranche.status = TrancheStatus.PAID
    save_with_history(tranche, acting_user=acting_user, reason=_("Tranche payée"))
    return tranche


def tranches_of_report(report):
    """The tranches whose usage target reads a value of `report`: a data element's cell (same
    element, unit and period), or an indicator of the region fed by the report's dataset over
    a period that contains the report's."""
    from django.db.models import Q

    from pilote.indicateurs.periods import parse
    from pilote.territoires.services import region_of

    elements = report.campaign.dataset.data_elements.all()
    cells = Tranche.objects.filter(period=report.campaign.period, data_element__in=elements)
    if report.organisation_id:
        cells = cells.filter(organisation_id=report.organisation_id)
    else:
        cells = cells.filter(territory_id=report.region_id, organisation__isnull=True)
    reported = parse(report.campaign.period)
    indicators = (
        Tranche.objects.in_region(region_of(report.region))
        .filter(Q(indicator__numerator__in=elements) | Q(indicator__denominator__in=elements))
        .filter(period__startswith=report.campaign.period[:4])
    )
    ids = {t.pk for t in cells} | {t.pk for t in indicators if parse(t.period).contains(reported)}
    return Tranche.objects.filter(pk__in=ids)


def on_report_accepted(report, acting_user) -> list[Tranche]:
    """Called in the acceptance's transaction: the tranches this report's values condition."""
    cause = _("Rapport accepté : %s") % report
    return [
        _evaluate(tranche, acting_user=acting_user, cause=cause)
        for tranche in tranches_of_report(report).select_for_update()
    ]
