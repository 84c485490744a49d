"""Login throttling with django-axes: whom a failure counts against, from which address, and the
page a locked-out user reads (the login page with a French explanation, not axes' bare text)."""

import ipaddress
import math

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
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
    """The (e-mail, address) pairs locked out right now, as axes counts them: the failures of the
    lock-out period summed over the pair's rows (one per browser) and the last failure. Newest
    first."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_failure_at=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_failure_at")
    )


def pair_filter(email: str | None, ip_address: str | None) -> dict:
    """The lookups of one (e-mail, address) pair; either may be unknown (NULL)."""
    return {**_equals("username", email), **_equals("ip_address", ip_address)}


def _equals(field: str, value) -> dict:
    return {f"{field}__isnull": True} if value is None else {field: value}


def lockout_end(lockout: dict):
    return lockout["last_failure_at"] + settings.AXES_COOLOFF_TIME


def minutes_left(email: str | None, ip_address: str | None) -> int:
    """Whole minutes (at least 1) before the lock-out of `email` from `ip_address` ends."""
    lockout = active_lockouts().filter(**pair_filter(email, ip_address)).first()
    if lockout is None:
        return settings.LOGIN_LOCKOUT_MINUTES
    return max(1, math.ceil((lockout_end(lockout) - timezone.now()).total_seconds() / 60))


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
