"""Login throttling with django-axes: whom a failure counts against, from which address, and the
page a locked-out user reads (the login page with a French explanation, not axes' bare text)."""

import ipaddress
import math

from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def login_email(request, credentials) -> str | None:
    """The e-mail an attempt counts against, whatever its case and surrounding spaces.

    The login form sends `username`, `client.login()` and axes' success handler send `email`."""
    source = credentials or getattr(request, "POST", None) or {}
    for key in ("username", "email"):
        value = source.get(key)
        if value:
            return str(value).strip().lower()
    return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind a declared proxy (PILOTE_BEHIND_PROXY), the last address of
    X-Forwarded-For, the one the proxy appended (the earlier ones are the client's own claim)."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def active_lockouts():
    """Attempts whose failures reached the limit within the lock-out period: locked right now."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    )


def lockout_ends_at(attempt: AccessAttempt):
    return attempt.attempt_time + settings.AXES_COOLOFF_TIME


def minutes_left(email: str | None, ip_address: str | None) -> int:
    """Whole minutes (at least 1) before the lock-out of `email` from `ip_address` ends."""
    attempt = (
        active_lockouts()
        .filter(username=email, ip_address=ip_address)
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None:
        return settings.LOGIN_LOCKOUT_MINUTES
    seconds = (lockout_ends_at(attempt) - timezone.now()).total_seconds()
    return max(1, math.ceil(seconds / 60))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page again, saying for how long logins are refused."""
    from pilote.comptes.forms import LoginForm

    email = login_email(request, credentials)
    context = {
        "form": LoginForm(request, initial={"username": email or ""}),
        "next": request.POST.get("next", ""),
        "lockout_minutes": minutes_left(email, getattr(request, "axes_ip_address", None)),
    }
    return render(request, "comptes/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
