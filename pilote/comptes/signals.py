from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from pilote.comptes.middleware import start_session_clock


@receiver(user_logged_in, dispatch_uid="pilote_start_session_clock")
def _start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_session_clock(request)
