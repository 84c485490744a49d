"""What the survey announces to the apps that react to it (e-mail notifications). Sent by the
services inside their transaction; receivers that reach the outside world wait for the commit."""

from django.dispatch import Signal

# campaign: the campaign whose operators and ARS are invited; acting_user: who sent them
campaign_invited = Signal()
