""" "Mes tâches": the jobs a user started (every job for a national administrator), their state
and progress refreshed by htmx while they run; a page that survives a reload."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from pilote.taches import progress, services
from pilote.taches.models import Job

# htmx stops polling an element when the answer has this status ("286 Stop Polling")
STOP_POLLING = 286


def _with_progress(job: Job) -> Job:
    services.settle_unstarted(job)
    job.live = progress.read(job.pk) if not job.finished else None
    job.stalled = services.waits_too_long(job)
    return job


def job_list(request):
    jobs = Job.objects.visible_to(request.user).select_related("user")
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    rows = [_with_progress(job) for job in page]
    context = {
        "page": page,
        "jobs": rows,
        "running": any(not job.finished for job in rows),
        "title": _("Mes tâches"),
    }
    if request.htmx:
        status = 200 if context["running"] else STOP_POLLING
        return render(request, "taches/_job_rows.html", context, status=status)
    return render(request, "taches/job_list.html", context)


def job_detail(request, pk):
    job = _with_progress(get_object_or_404(Job.objects.visible_to(request.user), pk=pk))
    context = {"job": job, "title": job.title}
    if request.htmx:
        status = STOP_POLLING if job.finished else 200
        return render(request, "taches/_job_status.html", context, status=status)
    return render(request, "taches/job_detail.html", context)
