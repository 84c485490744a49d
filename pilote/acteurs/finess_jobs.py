"""The FINESS import run from the web: by the worker above the size threshold (the file is
stored until the job ends), during the request below it. The import itself is
`finess_import.import_finess` (one transaction, all or nothing)."""

import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from pilote.acteurs import perms
from pilote.acteurs.finess_import import (
    FinessRejected,
    FinessReport,
    import_finess,
    iter_report_lines,
)
from pilote.acteurs.finess_reader import FinessFileError
from pilote.taches.models import Kind
from pilote.taches.services import JobFailed, Outcome, local_file, run_job, start_job


def refusal(exc: FinessRejected) -> str:
    """The refusal as the web and job pages say it: the way out is the form's checkbox (the
    command names its option)."""
    return "{} {}".format(
        exc,
        _(
            "Pour importer les lignes valides seules, cochez « Importer les lignes valides et "
            "ignorer les invalides »."
        ),
    )


def check_may_import(user) -> None:
    if not perms.can_import_finess(user):
        raise PermissionDenied(_("Seul l'administrateur national importe l'extraction FINESS."))


def import_finess_now(*, acting_user, data: bytes, skip_invalid: bool) -> FinessReport:
    """A small file, imported during the request; FinessFileError (nothing changed) if refused."""
    check_may_import(acting_user)
    with tempfile.NamedTemporaryFile(suffix=".csv") as copy:
        copy.write(data)
        copy.flush()
        return import_finess(Path(copy.name), acting_user=acting_user, skip_invalid=skip_invalid)


def start_finess_import(*, acting_user, data, filename: str, skip_invalid: bool):
    """Enqueue the import of a FINESS file (`data`: bytes or the uploaded file)."""
    check_may_import(acting_user)
    return start_job(
        acting_user=acting_user,
        kind=Kind.IMPORT_FINESS,
        title=_("Import FINESS « %s »") % filename,
        task=import_finess_task,
        params={"skip_invalid": skip_invalid, "filename": filename},
        data=data,
        filename=filename,
    )


@task()
def import_finess_task(job_id: int) -> str:
    return run_job(job_id, _import)


def _import(job, reporter) -> Outcome:
    try:
        check_may_import(job.user)
        with local_file(job) as path:
            report = import_finess(
                path,
                acting_user=job.user,
                progress=lambda step, done, total: reporter(step, done, total, _("octets")),
                skip_invalid=job.params.get("skip_invalid", False),
            )
    except FinessRejected as exc:
        raise JobFailed(refusal(exc), list(iter_report_lines(exc.report))) from exc
    except (FinessFileError, PermissionDenied) as exc:
        raise JobFailed(str(exc)) from exc
    return Outcome(
        summary=report.summary(),
        url=reverse("acteurs:list"),
        label=_("Voir les structures"),
        details=list(iter_report_lines(report)),
    )
