"""The domain services' signals, turned into e-mails (sent once the change is committed)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pilote.financement.signals import tranche_payable
from pilote.indicateurs.models import ReportStatus
from pilote.indicateurs.signals import campaign_opened, report_step_done
from pilote.notifications import recipients
from pilote.notifications.models import Kind
from pilote.notifications.services import absolute_url, notify, report_url
from pilote.portefeuille.signals import gate_decided, gate_requested

# to_status → (kind, subject, template) of the e-mail to the reporters
TO_REPORTERS = {
    ReportStatus.VALIDATED: (
        Kind.REPORT_VALIDATED,
        gettext_lazy("rapport validé par l'ARS"),
        "report_validated",
    ),
    ReportStatus.ACCEPTED: (
        Kind.REPORT_ACCEPTED,
        gettext_lazy("rapport accepté et publié"),
        "report_accepted",
    ),
    ReportStatus.OPEN: (
        Kind.REPORT_RETURNED,
        gettext_lazy("rapport à corriger"),
        "report_returned",
    ),
}


@receiver(report_step_done)
def report_step(sender, report, event, **kwargs):
    context = {"report": report, "event": event, "url": report_url(report)}
    if event.to_status == ReportStatus.SUBMITTED:
        notify(
            Kind.REPORT_SUBMITTED,
            recipients.report_validators(report),
            subject=_("rapport soumis — %s") % report,
            template="report_submitted",
            context=context,
            actor=event.user,
        )
        return
    kind, subject, template = TO_REPORTERS[event.to_status]
    notify(
        kind,
        recipients.report_reporters(report),
        subject=f"{subject} — {report}",
        template=template,
        context=context,
        actor=event.user,
    )


@receiver(campaign_opened)
def campaign_open(sender, campaign, acting_user, **kwargs):
    reports = campaign.reports.select_related("campaign", "region", "organisation")
    for user, theirs in recipients.report_enterers(reports).items():
        notify(
            Kind.CAMPAIGN_OPENED,
            [user],
            subject=_("campagne ouverte — %s") % campaign.name,
            template="campaign_opened",
            context={"campaign": campaign, "reports": [(r, report_url(r)) for r in theirs]},
            actor=acting_user,
        )


def _gate_context(gate) -> dict:
    url = absolute_url(reverse("portefeuille:project_decisions", args=[gate.project_id]))
    return {"gate": gate, "project": gate.project, "url": url}


@receiver(gate_requested)
def gate_request(sender, gate, acting_user, **kwargs):
    notify(
        Kind.GATE_REQUESTED,
        recipients.gate_deciders(gate),
        subject=_("passage de phase à décider — %s") % gate.project,
        template="gate_requested",
        context=_gate_context(gate),
        actor=acting_user,
    )


@receiver(gate_decided)
def gate_decision(sender, gate, acting_user, **kwargs):
    notify(
        Kind.GATE_DECIDED,
        [gate.requested_by],
        subject=_("passage de phase %(s)s — %(p)s")
        % {"s": gate.get_status_display().lower(), "p": gate.project},
        template="gate_decided",
        context=_gate_context(gate),
        actor=acting_user,
    )


@receiver(tranche_payable)
def tranche_became_payable(sender, tranche, acting_user, **kwargs):
    envelope = tranche.commitment.allocation.envelope
    url = absolute_url(reverse("financement:envelope", args=[envelope.pk]))
    notify(
        Kind.TRANCHE_PAYABLE,
        recipients.funding_managers(envelope.region),
        subject=_("tranche payable — %s") % tranche.label,
        template="tranche_payable",
        context={"tranche": tranche, "commitment": tranche.commitment, "url": url},
        actor=acting_user,
    )
