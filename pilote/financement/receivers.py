"""The indicator workflow's signals that funding reacts to: a report accepted may make a
tranche payable (or, after a correction, warn that a paid one is now below its target)."""

from django.dispatch import receiver

from pilote.indicateurs.models import ReportStatus
from pilote.indicateurs.signals import report_step_done


@receiver(report_step_done)
def report_accepted(sender, report, event, **kwargs):
    if event.to_status == ReportStatus.ACCEPTED:
        from pilote.financement.tranches import on_report_accepted

        on_report_accepted(report, event.user)
