"""The indicator workflow's signals that funding reacts to: reports accepted (their values
published, the roll-ups refreshed) may make a tranche payable (or, after a correction, warn
that a paid one is now below its target)."""

from django.dispatch import receiver

from pilote.indicateurs.signals import reports_published


@receiver(reports_published)
def reports_accepted(sender, reports, acting_user, **kwargs):
    from pilote.financement.tranches import on_report_accepted

    for report in reports:
        on_report_accepted(report, acting_user)
