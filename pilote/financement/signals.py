"""What funding announces to the apps that react to it (e-mail notifications). Sent by the
services inside their transaction; receivers that reach the outside world wait for the commit."""

from django.dispatch import Signal

# tranche: the tranche that has just become payable; acting_user: who caused it
tranche_payable = Signal()
