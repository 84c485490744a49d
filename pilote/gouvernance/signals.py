"""What the governance services announce (e-mails: `notifications/receivers_gouvernance.py`).
Sent inside the service's transaction; receivers that reach the outside world wait for the
commit. Never sent by model methods."""

from django.dispatch import Signal

# meeting: the Meeting convened; addresses: [(name, e-mail)] of its seats' representatives;
# acting_user: who sent it
convocation_sent = Signal()
# referral: the EthicsReferral; event: its ReferralEvent just recorded; acting_user
referral_step_done = Signal()
