"""The national page of recent logins, failures and current lock-outs (/comptes/connexions/)."""

from axes.models import AccessFailureLog, AccessLog
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.comptes import perms, services, throttling
from pilote.comptes.forms import LoginActivityFilterForm
from pilote.comptes.models import LockoutLift
from pilote.comptes.views import error_message

ROWS = 100


def login_activity(request):
    if not perms.can_view_login_activity(request.user):
        raise Http404
    form = LoginActivityFilterForm(request.GET or None)
    email, day = "", None
    if form.is_valid():
        email, day = form.cleaned_data["email"].strip(), form.cleaned_data["day"]
    lockouts = throttling.active_lockouts()
    if email:
        lockouts = lockouts.filter(username__icontains=email)
    context = {
        "title": _("Connexions"),
        "form": form,
        "filtered": bool(email or day),
        "rows": ROWS,
        "logins": _recent(AccessLog.objects.all(), email, day),
        "failures": _recent(AccessFailureLog.objects.all(), email, day),
        "lockouts": [{**row, "ends_at": throttling.lockout_end(row)} for row in lockouts],
        "lifts": LockoutLift.objects.select_related("lifted_by")[:20],
    }
    return render(request, "comptes/login_activity.html", context)


def _recent(attempts, email: str, day):
    """The ROWS latest of `attempts` whose e-mail contains `email`, on `day` if given."""
    if email:
        attempts = attempts.filter(username__icontains=email)
    if day:
        attempts = attempts.filter(attempt_time__date=day)
    return attempts.order_by("-attempt_time")[:ROWS]


@require_POST
def lift_lockout(request):
    if not perms.can_view_login_activity(request.user):
        raise Http404
    email = request.POST.get("email") or None
    try:
        services.lift_lockout(
            acting_user=request.user,
            email=email,
            ip_address=request.POST.get("ip_address") or None,
        )
    except ValidationError as exc:  # a refused permission is a 403 (pilote.core.pages)
        messages.error(request, error_message(exc))
    else:
        messages.success(
            request, _("Blocage levé : %(email)s peut se reconnecter.") % {"email": email or "—"}
        )
    return redirect("comptes:login_activity")
