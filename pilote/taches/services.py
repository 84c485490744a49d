"""Starting a job (the file stored, the task enqueued with it, in one transaction), running it
in the worker (state, progress, result or French reason), and marking as interrupted the jobs
of a worker that was killed. How to add a kind of job: docs/dev/jobs.md."""

import logging
import os
import socket
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pilote.core.history import save_with_history
from pilote.taches import progress
from pilote.taches.models import Job, Status

logger = logging.getLogger(__name__)
MAX_DETAILS = 500
NOT_STARTED = gettext_lazy(
    "Le traitement n'a pas pu commencer : rien n'a été modifié. Relancez la tâche ; si l'échec "
    "se répète, prévenez l'équipe d'exploitation (le détail est dans le journal du processus de "
    "traitement)."
)
INTERRUPTED = gettext_lazy(
    "Le traitement a été interrompu (arrêt du processus de traitement) avant sa fin : "
    "rien n'a été modifié. Relancez l'import."
)


@dataclass
class Outcome:
    """What a finished job shows: a French summary and a link to what it produced."""

    summary: str
    url: str = ""
    label: str = ""
    details: list[str] = field(default_factory=list)


class JobFailed(Exception):
    """A refusal the user must read: the French reason and its details (line by line)."""

    def __init__(self, reason: str, details: list[str] | None = None, total: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.details = [str(d) for d in (details or [])][:MAX_DETAILS]
        self.total = total if total is not None else len(details or [])


def in_background(size: int, lines: int | None = None) -> bool:
    """Whether a file of `size` bytes (and `lines` lines, when known) is imported by the
    worker rather than during the request: above PILOTE_BACKGROUND_BYTES or
    PILOTE_BACKGROUND_LINES."""
    if size > settings.PILOTE_BACKGROUND_BYTES:
        return True
    return lines is not None and lines > settings.PILOTE_BACKGROUND_LINES


def start_job(
    *, acting_user, kind: str, title: str, task, params: dict, data: bytes | File, filename: str
) -> Job:
    """Record the job, store its file (bytes, or an uploaded file, copied by chunks) and
    enqueue `task(job_id)`, all in one transaction: the worker sees the task only once the job
    and its file exist. The caller has checked that `acting_user` may do what the job will do
    (the job's work checks it again)."""
    if not getattr(acting_user, "is_authenticated", False):
        raise PermissionDenied(_("Connectez-vous pour lancer une tâche."))
    with transaction.atomic():
        job = Job(kind=kind, user=acting_user, title=title[:300], params=params)
        save_with_history(job, acting_user=acting_user, reason=_("Tâche lancée"))
        name = get_valid_filename(filename or "fichier") or "fichier"
        content = ContentFile(data) if isinstance(data, bytes) else data
        job.file_name = default_storage.save(f"taches/{job.pk}/{name}", content)
        job.save(update_fields=["file_name"])
        result = task.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def read_file(job: Job) -> bytes:
    with default_storage.open(job.file_name, "rb") as handle:
        return handle.read()


@contextmanager
def local_file(job: Job) -> Iterator[Path]:
    """The job's file as a path on this machine (a copy when the storage is remote)."""
    try:
        yield Path(default_storage.path(job.file_name))
        return
    except NotImplementedError:
        pass
    suffix = Path(job.file_name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        copy.write(read_file(job))
        copy.flush()
        yield Path(copy.name)


def worker_name() -> str:
    """host:pid of the process running a job (how a restarted worker recognises the jobs of
    a dead one)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run_job(job_id: int, work: Callable[[Job, progress.Reporter], Outcome]) -> str:
    """Run `work(job, reporter)` for a pending job: mark it running, then done with its outcome,
    or failed with the French reason of a `JobFailed`. Another exception marks it failed too,
    is logged and raised again (the task result keeps the traceback for the administrators).
    The stored file and the progress are removed at the end, whatever happens."""
    job = Job.objects.filter(pk=job_id).select_related("user").first()
    if job is None or job.status != Status.PENDING:
        return "ignored"
    job.status, job.started_at, job.worker = Status.RUNNING, timezone.now(), worker_name()
    save_with_history(job, acting_user=job.user, reason=_("Tâche commencée"))
    reporter = progress.Reporter(job.pk)
    try:
        outcome = work(job, reporter)
    except JobFailed as failed:
        _finish(
            job,
            reporter,
            Status.FAILED,
            error=failed.reason,
            details=failed.details,
            details_total=failed.total,
        )
        return Status.FAILED
    except Exception:
        logger.exception("tâche %s : erreur inattendue", job.pk)
        _finish(
            job,
            reporter,
            Status.FAILED,
            error=_(
                "Erreur inattendue pendant le traitement : rien n'a été modifié. L'équipe "
                "d'exploitation peut en lire le détail dans le journal du processus de traitement."
            ),
        )
        raise
    _finish(
        job,
        reporter,
        Status.DONE,
        summary=outcome.summary,
        result_url=outcome.url,
        result_label=outcome.label,
        details=outcome.details[:MAX_DETAILS],
        details_total=len(outcome.details),
    )
    return Status.DONE


def _finish(job: Job, reporter: progress.Reporter, status: str, **values) -> None:
    last = reporter.last
    job.status, job.finished_at = status, timezone.now()
    job.done, job.total = last.done, last.total
    for name, value in values.items():
        setattr(job, name, value)
    save_with_history(job, acting_user=job.user, reason=str(Status(status).label))
    _discard(job)


def _discard(job: Job) -> None:
    if job.file_name:
        default_storage.delete(job.file_name)
        with suppress(NotImplementedError, OSError):  # its folder, on a local storage
            Path(default_storage.path(job.file_name)).parent.rmdir()
    progress.clear(job.pk)


def _alive(worker: str) -> bool:
    """Whether the process `host:pid` still runs (True when on another machine: only the
    workers of that machine can tell)."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_interrupted() -> int:
    """Mark as failed the running jobs of a worker of this machine that no longer runs (killed,
    or the machine restarted): their import's transaction was rolled back by the database, so
    nothing was changed. Their task results are marked failed too. Returns how many."""
    from django_tasks_db.models import DBTaskResult

    count = 0
    for job in Job.objects.filter(status=Status.RUNNING).select_related("user"):
        if _alive(job.worker):
            continue
        job.status, job.finished_at, job.error = (
            Status.FAILED,
            timezone.now(),
            str(INTERRUPTED),
        )
        last = progress.read(job.pk)
        if last is not None:
            job.done, job.total = last.done, last.total
        save_with_history(job, acting_user=job.user, reason=_("Tâche interrompue"))
        _discard(job)
        count += 1
    for result in DBTaskResult.objects.running():
        workers = result.worker_ids or [""]
        if _alive(workers[-1]):
            continue
        result.set_failed(InterruptedError(str(INTERRUPTED)))
        # killed after claiming the task, before the job was marked "en cours"
        for job in Job.objects.filter(status=Status.PENDING, task_id=str(result.id)):
            job.status, job.finished_at, job.error = (
                Status.FAILED,
                timezone.now(),
                str(INTERRUPTED),
            )
            save_with_history(job, acting_user=job.user, reason=_("Tâche interrompue"))
            _discard(job)
            count += 1
    return count


def settle_unstarted(job: Job) -> Job:
    """A pending job whose task has already failed — before `run_job` could mark it running (the
    task could not be loaded, the database refused the first query…) — is failed too, with the
    French reason: otherwise it would stay « en attente » forever."""
    if job.status != Status.PENDING or not job.task_id:
        return job
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    failed = DBTaskResult.objects.filter(id=job.task_id, status=TaskResultStatus.FAILED).exists()
    if failed:
        job.status, job.finished_at, job.error = Status.FAILED, timezone.now(), str(NOT_STARTED)
        save_with_history(job, acting_user=job.user, reason=_("Tâche non commencée"))
        _discard(job)
    return job


def waits_too_long(job: Job) -> bool:
    """Whether a job has waited for a worker longer than PILOTE_JOBS_WAIT_WARNING seconds: the
    page then says that no worker seems to run, rather than « en attente » without end."""
    if job.status != Status.PENDING:
        return False
    waited = (timezone.now() - job.created_at).total_seconds()
    return waited > settings.PILOTE_JOBS_WAIT_WARNING
