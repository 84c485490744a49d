"""Convocation (sending it, its PDF), the calendar feeds of the bodies, and the approved
minutes of the public bodies' meetings (published on the region's public dashboard).

A calendar client cannot log in: a public body's feed is open to all; any other body's feed is
read with the session (a browser) or through the user's secret address
(`/gouvernance/agenda/<jeton>/instance-<id>.ics`), which shows exactly what the user reads."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pilote.core.pages import run_service
from pilote.gouvernance import exports, services_convocation
from pilote.gouvernance.models import Body
from pilote.gouvernance.views import body_or_404
from pilote.gouvernance.views_meetings import _managed_meeting, _meeting_url, meeting_or_404

ICS_TYPE = "text/calendar; charset=utf-8"


@require_POST
def convocation_send(request, pk):
    meeting = _managed_meeting(request, pk)
    run_service(
        request,
        lambda: services_convocation.send_convocation(acting_user=request.user, meeting=meeting),
        lambda sent: (
            ngettext(
                "Convocation envoyée à %(n)d représentant.",
                "Convocation envoyée à %(n)d représentants.",
                len(sent),
            )
            % {"n": len(sent)}
        ),
    )
    return redirect(_meeting_url(meeting))


def convocation_pdf(request, pk):
    meeting = meeting_or_404(request, pk)
    response = HttpResponse(exports.convocation_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convocation-{meeting.pk}.pdf"'
    return response


def _feed(request, body: Body) -> HttpResponse:
    response = HttpResponse(
        exports.body_feed_ics(body, lambda m: request.build_absolute_uri(_meeting_url(m))),
        content_type=ICS_TYPE,
    )
    response["Content-Disposition"] = f'inline; filename="instance-{body.pk}.ics"'
    return response


@login_not_required
def body_feed(request, pk):
    """A public body's feed, to anyone; another body's, to a logged-in user who reads it (a
    calendar client uses the secret address instead). Anything else: 404."""
    if request.user.is_authenticated:
        return _feed(request, body_or_404(request, pk))
    return _feed(request, get_object_or_404(Body.objects.filter(is_public=True), pk=pk))


@login_not_required
def token_feed(request, key, pk):
    """The feed of a body through the secret address of a user who reads it."""
    user = services_convocation.calendar_user(key)
    if user is None:
        raise Http404
    return _feed(request, get_object_or_404(Body.objects.visible_to(user), pk=pk))


@require_POST
def calendar_token_renew(request):
    run_service(
        request,
        lambda: services_convocation.renew_calendar_token(
            acting_user=request.user, user=request.user
        ),
        _("Nouvelle adresse d'agenda créée : l'ancienne ne fonctionne plus."),
    )
    target = request.POST.get("instance", "")
    if target.isdigit():
        return redirect(reverse("gouvernance:body", args=[int(target)]) + "#agenda")
    return redirect("gouvernance:index")


@login_not_required
def public_minutes(request, pk):
    """The approved minutes of a public body's meeting, to anyone (the region's public page)."""
    from pilote.gouvernance.models import Meeting, MinutesStatus

    meeting = get_object_or_404(
        Meeting.objects.filter(body__is_public=True, minutes_status=MinutesStatus.APPROVED),
        pk=pk,
    )
    response = HttpResponse(exports.minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="compte-rendu-{meeting.pk}.pdf"'
    return response
