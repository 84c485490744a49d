"""A worker killed (SIGKILL) in the middle of an import leaves the database as it was: the
import's single transaction is rolled back by the database, and the next worker marks the job
as interrupted, with its French reason."""

import signal

import pytest
from django_tasks_db.models import DBTaskResult

from pilote.indicateurs.import_jobs import start_values_import
from pilote.indicateurs.models import DataValue, ImportJob
from pilote.taches import progress
from pilote.taches.models import Job, Status
from tests.taches.conftest import run_worker, start_worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_killed_mid_import_changes_nothing_and_the_job_says_so(reporting, shared_db):
    data = reporting.large_csv(establishments=5000)  # 240,000 lines
    job = start_values_import(
        acting_user=reporting.manager,
        campaign=reporting.campaign,
        data=data,
        file_format="csv",
        filename="national.csv",
    )
    worker = start_worker(shared_db)
    try:
        # a first import writes while it checks: wait for the first lines

        def under_way():
            live = progress.read(job.pk)
            return live if live is not None and live.done > 0 else None

        live = wait_for(under_way)
        worker.send_signal(signal.SIGKILL)
        assert worker.wait(timeout=30) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert live.done < live.total or live.total is None  # killed before the end
    job.refresh_from_db()
    assert job.status == Status.RUNNING  # nobody has noticed yet
    assert not DataValue.objects.exists() and not ImportJob.objects.exists()

    result = run_worker(shared_db)  # a worker restarts
    assert "1 tâche(s) interrompue(s)" in result.stderr
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error.startswith("Le traitement a été interrompu")
    assert "rien n'a été modifié" in job.error
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert not DataValue.objects.exists() and not ImportJob.objects.exists()
    assert Job.objects.get(pk=job.pk).finished_at is not None
