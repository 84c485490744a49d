"""The yearly portfolio review is produced by the worker (the indicator charts and the PDF
take seconds): the page starts a job and shows it in « Mes tâches »; the job calls the service
(`services_review.present_review`), which checks the rule again."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from pilote.core.pages import refusal_messages
from pilote.gouvernance.models import Meeting
from pilote.gouvernance.services_review import check_review, present_review
from pilote.taches.models import Kind
from pilote.taches.services import JobFailed, Outcome, run_job, start_job


def start_review(*, acting_user, meeting: Meeting, year: int):
    """Refused at once as the service would; otherwise a job that produces the review."""
    check_review(acting_user=acting_user, meeting=meeting, year=year)
    return start_job(
        acting_user=acting_user,
        kind=Kind.PORTFOLIO_REVIEW,
        title=_("Revue annuelle du portefeuille %(y)s — %(m)s") % {"y": year, "m": meeting},
        task=review_task,
        params={"meeting": meeting.pk, "year": year},
        data=b"",
        filename="revue",
    )


@task()
def review_task(job_id: int) -> str:
    return run_job(job_id, _produce)


def _produce(job, reporter) -> Outcome:
    meeting = Meeting.objects.filter(pk=job.params["meeting"]).select_related("body").first()
    if meeting is None:
        raise JobFailed(_("La réunion n'existe plus."))
    reporter(_("Production de la revue"), 0, 1)
    year = job.params["year"]
    before = meeting.portfolio_reviews.filter(year=year).values_list("snapshot_hash", "pk").first()
    try:
        review = present_review(acting_user=job.user, meeting=meeting, year=year)
    except ValidationError as exc:
        raise JobFailed(" ".join(refusal_messages(exc))) from exc
    except PermissionDenied as exc:
        raise JobFailed(str(exc)) from exc
    if before == (review.snapshot_hash, review.pk):
        summary = _(
            "La revue annuelle %(y)s de « %(m)s » était déjà à jour : les données n'ont pas "
            "changé depuis le %(d)s, ses fichiers sont conservés."
        ) % {
            "y": review.year,
            "m": meeting.title,
            "d": timezone.localtime(review.generated_at).strftime("%d/%m/%Y %H:%M"),
        }
    elif before:
        summary = _(
            "Revue annuelle %(y)s de « %(m)s » mise à jour : les données avaient changé."
        ) % {"y": review.year, "m": meeting.title}
    else:
        summary = _("Revue annuelle %(y)s jointe à l'ordre du jour de « %(m)s ».") % {
            "y": review.year,
            "m": meeting.title,
        }
    return Outcome(
        summary=summary,
        url=reverse("gouvernance:meeting", args=[meeting.pk]),
        label=_("Voir la réunion"),
    )
