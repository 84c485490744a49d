""" "Mes tâches": each user reads their own jobs (another's is a 404), national administrators
every job; the page shows the live progress and stops polling once the job has ended."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pilote.comptes.models import Role
from pilote.indicateurs.import_jobs import start_values_import
from pilote.taches import progress
from pilote.taches.models import Job, Status

CSV = b"dataElement;option;orgUnit;period;value;comment\n"


@pytest.fixture
def jobs(world, campaign):
    """One pending import job of the BFC GRADeS manager, one of the ARA one."""

    def start(region_world):
        return start_values_import(
            acting_user=region_world.users[Role.GRADES_MANAGER],
            campaign=campaign,
            data=CSV,
            file_format="csv",
            filename=f"{region_world.region.code}.csv",
        )

    return start(world.bfc), start(world.ara)


def test_a_user_reads_only_their_own_jobs(client, world, jobs):
    bfc_job, ara_job = jobs
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    page = client.get(reverse("taches:list")).content.decode()
    assert bfc_job.title in page and ara_job.title not in page
    assert client.get(reverse("taches:detail", args=[bfc_job.pk])).status_code == 200
    assert client.get(reverse("taches:detail", args=[ara_job.pk])).status_code == 404
    # the same region's ARS officer does not read the GRADeS manager's job either
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    assert client.get(reverse("taches:detail", args=[bfc_job.pk])).status_code == 404
    client.force_login(world.national_reader)
    assert client.get(reverse("taches:detail", args=[bfc_job.pk])).status_code == 404


def test_the_national_administrator_reads_every_job(client, world, jobs):
    client.force_login(world.national_admin)
    page = client.get(reverse("taches:list")).content.decode()
    assert all(job.title in page for job in jobs)
    assert client.get(reverse("taches:detail", args=[jobs[1].pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(client, jobs):
    response = client.get(reverse("taches:detail", args=[jobs[0].pk]))
    assert response.status_code == 302 and reverse("comptes:login") in response["Location"]


def test_the_page_shows_the_progress_and_stops_polling_at_the_end(client, world, jobs):
    job = jobs[0]
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    url = reverse("taches:detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert 'aria-live="polite"' in page and 'hx-trigger="every 2s"' in page
    assert "en attente" in page
    Job.objects.filter(pk=job.pk).update(status=Status.RUNNING)
    progress.Reporter(job.pk)("écriture des valeurs", 50_000, 200_000, "lignes")
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    text = partial.content.decode()
    assert "Écriture des valeurs : 50000 sur 200000 lignes (25 %)" in text
    assert 'value="25"' in text
    Job.objects.filter(pk=job.pk).update(
        status=Status.FAILED,
        finished_at=timezone.make_aware(datetime(2026, 12, 5, 6, 30)),
        error="1 problème(s) : rien n'a été importé.",
        details=["ligne 4, colonne « valeur (value) » : « douze » n'est pas un nombre"],
        details_total=1,
    )
    progress.clear(job.pk)
    ended = client.get(url, headers={"HX-Request": "true"})
    assert ended.status_code == 286  # htmx stops polling
    text = ended.content.decode()
    assert "échoué" in text and "« douze » n&#x27;est pas un nombre" in text
    assert "finie le 5 décembre 2026 à 06:30" in text  # in the part the polling replaces
    assert "hx-trigger" not in client.get(url).content.decode()


def test_a_job_whose_task_failed_before_starting_is_shown_failed(client, world, jobs):
    """The task failed before `run_job` marked the job running (e.g. the worker could not load
    it): the job does not stay « en attente » forever."""
    from django_tasks_db.models import DBTaskResult

    job = jobs[0]
    DBTaskResult.objects.get(id=job.task_id).set_failed(ImportError("module introuvable"))
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    page = client.get(reverse("taches:detail", args=[job.pk])).content.decode()
    assert "Le traitement n&#x27;a pas pu commencer" in page
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.error.startswith("Le traitement n'a pas pu")
    assert job.history.first().history_change_reason == "Tâche non commencée"


def test_a_job_waiting_too_long_says_that_no_worker_seems_to_run(client, world, jobs, settings):
    job = jobs[0]
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    url = reverse("taches:detail", args=[job.pk])
    assert 'data-testid="job-stalled"' not in client.get(url).content.decode()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    page = client.get(url).content.decode()
    assert 'data-testid="job-stalled"' in page and "pilote worker" in page
    assert (
        "aucun processus de traitement actif" in client.get(reverse("taches:list")).content.decode()
    )
