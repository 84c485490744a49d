"""What the portfolio's services announce to the apps that react to it (e-mail notifications).
Sent inside the service's transaction: a receiver that reaches the outside world waits for the
commit (`transaction.on_commit`). Never sent by model methods."""

from django.dispatch import Signal

# gate: the GateDecision just requested; acting_user: the requester
gate_requested = Signal()
# gate: the GateDecision just approved or refused; acting_user: who decided
gate_decided = Signal()
