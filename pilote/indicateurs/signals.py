"""What the reporting workflow announces to the apps that react to it (e-mail notifications).
Sent by the services of `workflow.py` inside their transaction: a receiver that reaches the
outside world waits for the commit (`transaction.on_commit`). Never sent by model methods."""

from django.dispatch import Signal

# campaign: the campaign just opened, with its reports; acting_user
campaign_opened = Signal()
# report, event (the ReportEvent of the step: from_status, to_status, user, reason)
report_step_done = Signal()
# reports (just accepted: their values published and the roll-ups refreshed), acting_user
reports_published = Signal()
