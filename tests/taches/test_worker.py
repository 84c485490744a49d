"""Jobs run by a real worker process (`pilote worker`) through the database backend: progress,
result, failure with the import's French messages, nothing changed on failure."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from pilote.indicateurs.import_jobs import start_values_import
from pilote.indicateurs.models import DataValue, ImportJob
from pilote.taches import progress
from pilote.taches.models import Status
from tests.taches.conftest import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_large_import_runs_in_the_worker_and_reports_its_progress(reporting, shared_db):
    data = reporting.large_csv(establishments=40)
    rows = data.count(b"\n") - 1
    job = start_values_import(
        acting_user=reporting.manager,
        campaign=reporting.campaign,
        data=data,
        file_format="csv",
        filename="gros.csv",
        back=(reverse("indicateurs:report", args=[reporting.report.pk]), "Retour au rapport"),
    )
    assert job.status == Status.PENDING and job.task_id
    assert not DataValue.objects.exists()  # nothing until the worker runs it
    run_worker(shared_db)
    job.refresh_from_db()
    assert job.status == Status.DONE, job.error
    assert job.summary.startswith(
        f"Import réussi : {rows} valeurs créées, 0 modifiée, 0 inchangée. Rapport concerné : "
    )
    assert (job.done, job.total) == (rows, rows)
    assert job.result_url == reverse("indicateurs:report", args=[reporting.report.pk])
    assert job.result_label == "Retour au rapport"
    assert DataValue.objects.count() == rows
    assert ImportJob.objects.get().user == reporting.manager
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    # the stored file and the live progress are gone once the job ends
    assert job.file_name and not reporting_media(job).parent.exists()
    assert progress.read(job.pk) is None


def reporting_media(job):
    from django.conf import settings

    return settings.MEDIA_ROOT / job.file_name


def test_a_refused_file_fails_with_the_lines_and_changes_nothing(reporting, shared_db):
    code = reporting.world.bfc.region.code
    good = [f"ES_TOTAL;;{code};2026S2;120;", f"DMP_CREES;;{code};2026S2;7;"]
    data = "\n".join(
        [
            "dataElement;option;orgUnit;period;value;comment",
            *good,
            f"ES_TOTAL;;{code};2026S2;douze;",
        ]
    ).encode()
    job = start_values_import(
        acting_user=reporting.manager,
        campaign=reporting.campaign,
        data=data,
        file_format="csv",
        filename="faux.csv",
    )
    run_worker(shared_db)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error == "1 problème(s) : rien n'a été importé."
    assert job.details == ["ligne 4, colonne « valeur (value) » : « douze » n'est pas un nombre"]
    assert not DataValue.objects.exists() and not ImportJob.objects.exists()
    assert not reporting_media(job).exists()
