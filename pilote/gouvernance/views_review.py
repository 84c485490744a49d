"""The yearly portfolio review: produced for a meeting (an agenda item) by a background job,
its kept files."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.core.pages import file_download
from pilote.gouvernance import review_jobs
from pilote.gouvernance.forms import ReviewForm
from pilote.gouvernance.models import PortfolioReview
from pilote.gouvernance.views import service_page
from pilote.gouvernance.views_meetings import _managed_meeting, _meeting_url


def default_year(meeting) -> int:
    """The year before the meeting's (a January meeting reviews the year just ended), never
    a year still to come."""
    meeting_year = timezone.localdate(meeting.starts_at).year
    return min(meeting_year - 1, datetime.date.today().year)


def review_add(request, pk):
    meeting = _managed_meeting(request, pk)
    form = ReviewForm(request.POST or None, initial={"year": default_year(meeting)})
    return service_page(
        request,
        form,
        lambda f: review_jobs.start_review(
            acting_user=request.user, meeting=meeting, **f.cleaned_data
        ),
        _("Revue annuelle en préparation : elle sera jointe à l'ordre du jour."),
        lambda job: reverse("taches:detail", args=[job.pk]),
        _("Revue annuelle du portefeuille — %s") % meeting,
        _meeting_url(meeting),
    )


def _review_or_404(request, pk) -> PortfolioReview:
    return get_object_or_404(PortfolioReview.objects.visible_to(request.user), pk=pk)


def review_pdf(request, pk):
    return file_download(_review_or_404(request, pk).pdf)


def review_xlsx(request, pk):
    return file_download(_review_or_404(request, pk).xlsx)
