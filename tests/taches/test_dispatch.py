"""Which imports go to the worker: above PILOTE_BACKGROUND_BYTES or PILOTE_BACKGROUND_LINES
(from the report page, the API and the FINESS page); below, they stay synchronous as before."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from pilote.acteurs.models import Organisation
from pilote.comptes.models import Role
from pilote.indicateurs.models import DataValue
from pilote.taches.models import Job, Kind, Status
from pilote.territoires.models import Territory
from tests.acteurs import finess_files as ff
from tests.factories import OrganisationFactory, user_with_role


def values_csv(code: str, count: int = 2) -> bytes:
    lines = ["dataElement;option;orgUnit;period;value;comment"]
    lines += [f"ES_TOTAL;;{code};2026S2;120;", f"DMP_CREES;;{code};2026S2;7;"][:count]
    return ("\n".join(lines) + "\n").encode()


def post_import(client, report, data: bytes, name="valeurs.csv"):
    return client.post(
        reverse("indicateurs:report_import", args=[report.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def test_a_file_below_the_threshold_is_still_imported_during_the_request(client, world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    response = post_import(client, report, values_csv(world.bfc.region.code))
    assert response.status_code == 302
    assert response["Location"] == reverse("indicateurs:report", args=[report.pk])
    assert DataValue.objects.count() == 2
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_a_file_above_the_threshold_goes_to_the_worker(client, world, campaign, settings):
    settings.PILOTE_BACKGROUND_LINES = 2  # a 3-line CSV is "large"
    report = campaign.reports.get(region=world.bfc.region)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    client.force_login(manager)
    response = post_import(client, report, values_csv(world.bfc.region.code))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("taches:detail", args=[job.pk])
    assert (job.kind, job.status, job.user) == (Kind.IMPORT_VALUES, Status.PENDING, manager)
    assert job.params["back_url"] == reverse("indicateurs:report", args=[report.pk])
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.task_path == "pilote.indicateurs.import_jobs.import_values_task"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert not DataValue.objects.exists()  # the worker will write them
    page = client.get(response["Location"]).content.decode()
    assert "l&#x27;import se poursuit en arrière-plan" in page and "en attente" in page  # escaped


def test_a_large_file_sent_through_htmx_takes_the_browser_to_its_job_page(
    client, world, campaign, settings
):
    """The report page's form posts through htmx, which follows redirects itself and swaps the
    answer in: the job page must be reached as a page of its own (HX-Redirect), not as its
    polling fragment in place of the report page."""
    settings.PILOTE_BACKGROUND_LINES = 2
    report = campaign.reports.get(region=world.bfc.region)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    response = client.post(
        reverse("indicateurs:report_import", args=[report.pk]),
        {"file": SimpleUploadedFile("valeurs.csv", values_csv(world.bfc.region.code))},
        headers={"HX-Request": "true", "HX-Target": "content"},
    )
    job = Job.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("taches:detail", args=[job.pk])
    page = client.get(response["HX-Redirect"]).content.decode()
    assert "l&#x27;import se poursuit en arrière-plan" in page and 'id="job-status"' in page


def test_the_api_answers_202_with_the_job_for_a_large_set(client, world, campaign, settings):
    settings.PILOTE_BACKGROUND_BYTES = 100
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    code = world.bfc.region.code
    body = {
        "dataValues": [
            {"dataElement": "ES_TOTAL", "orgUnit": code, "period": "2026S2", "value": "120"},
            {"dataElement": "DMP_CREES", "orgUnit": code, "period": "2026S2", "value": "7"},
        ]
    }
    url = f"/api/v1/indicators/campaigns/{campaign.pk}/datavaluesets"
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 202
    job = Job.objects.get()
    assert response.json() == {
        "job": job.pk,
        "status": "en_attente",
        "url": reverse("taches:detail", args=[job.pk]),
    }
    assert not DataValue.objects.exists()
    # a reader may enter no report: refused before anything is stored or enqueued
    client.force_login(world.bfc.users[Role.ARS_READER])
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 403
    assert Job.objects.count() == 1


def test_the_import_job_runs_the_same_import(world, campaign, settings, immediate_tasks):
    """The job's work with the immediate backend (the worker itself: test_worker.py)."""
    from pilote.indicateurs.import_jobs import start_values_import

    job = start_values_import(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        campaign=campaign,
        data=values_csv(world.bfc.region.code),
        file_format="csv",
        filename="v.csv",
        dry_run=True,
    )
    job.refresh_from_db()
    assert job.status == Status.DONE
    assert job.summary == (
        "Vérification réussie : 2 lignes valides ; l'import créerait 2 valeurs, en "
        "modifierait 0 et en laisserait 0 inchangée. Rien n'a été écrit : décochez "
        f"« Vérifier seulement » pour importer. Rapport concerné : {world.bfc.region.name}."
    )
    assert job.result_url == reverse("indicateurs:campaign", args=[campaign.pk])
    assert not DataValue.objects.exists()


@pytest.fixture
def national_admin(reference):
    dijon = Territory.objects.departements().get(code="21")
    organisation = OrganisationFactory(name="DNS", departement=dijon, region=dijon.parent)
    return user_with_role(Role.NATIONAL_ADMIN, organisation)


def finess_upload(tmp_path, rows) -> SimpleUploadedFile:
    path = ff.write(tmp_path / "etalab-cs1100507-stock-20261120-0400.csv", rows)
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_only_the_national_administrator_imports_finess(client, reference, world):
    url = reverse("acteurs:finess_import")
    for user in (world.bfc.users[Role.ARS_OFFICER], world.national_reader):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


def test_a_small_finess_file_is_imported_during_the_request(client, national_admin, tmp_path):
    client.force_login(national_admin)
    url = reverse("acteurs:finess_import")
    assert "Importer une extraction FINESS" in client.get(reverse("acteurs:list")).content.decode()
    response = client.post(url, {"file": finess_upload(tmp_path, [ff.CHU_DIJON])})
    assert response.status_code == 200
    assert "1 établissements créés" in response.content.decode()
    assert Organisation.objects.filter(finess_et="210780581").exists()
    assert not Job.objects.exists()
    broken = ["structureet", "210999999", "210999990", "LIGNE CASSÉE", "21"]
    response = client.post(url, {"file": finess_upload(tmp_path, [ff.CLINIQUE_BESANCON, broken])})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ligne 3 invalide" in page
    assert "en ignorant les autres." in page and "--skip-invalid" not in page
    assert "cochez « Importer les lignes valides et ignorer les invalides »" in page
    assert not Organisation.objects.filter(finess_et="250000536").exists()


def test_a_large_finess_file_is_a_job(client, national_admin, tmp_path, settings, immediate_tasks):
    settings.PILOTE_BACKGROUND_BYTES = 10
    client.force_login(national_admin)
    upload = finess_upload(tmp_path, [ff.CHU_DIJON, ff.CLINIQUE_BESANCON])
    response = client.post(reverse("acteurs:finess_import"), {"file": upload})
    job = Job.objects.get()
    assert response["Location"] == reverse("taches:detail", args=[job.pk])
    assert (job.kind, job.status) == (Kind.IMPORT_FINESS, Status.DONE)
    assert "2 établissements créés" in job.summary
    assert job.result_url == reverse("acteurs:list")
    assert job.done > 0 and job.done == job.total  # bytes of the file read
    page = client.get(response["Location"]).content.decode()
    # the summary says what was done; the bytes read are no figure for the user
    assert "Extraction du 20/11/2026 (UTF-8) : " in page and "2 établissements créés" in page
    assert "Traité" not in page and f"sur {job.total}" not in page
    assert Organisation.objects.filter(finess_et__in=["210780581", "250000536"]).count() == 2


def test_the_phase_of_a_values_job_says_what_it_does(reporting, immediate_tasks, monkeypatch):
    """A first import writes each line once checked; a later one checks every line, compares it
    with the stored values, then writes the changes: the job page names the phase under way."""
    from pilote.indicateurs.import_jobs import start_values_import
    from pilote.taches import progress

    phases = []
    reported = progress.Reporter.__call__

    def record(self, phase, done, total=None, unit=""):
        phases.append(phase)
        steps.append((phase, done))
        return reported(self, phase, done, total, unit)

    steps = []

    monkeypatch.setattr(progress.Reporter, "__call__", record)
    data = reporting.large_csv(establishments=250)  # 12,000 lines: progress every 10,000

    def run(values: bytes, dry_run: bool = False) -> Job:
        job = start_values_import(
            acting_user=reporting.manager,
            campaign=reporting.campaign,
            data=values,
            file_format="csv",
            filename="valeurs.csv",
            dry_run=dry_run,
        )
        job.refresh_from_db()
        assert job.status == Status.DONE, job.error
        return job

    run(data, dry_run=True)
    assert set(phases) == {"vérification (rien n'est enregistré)"}
    assert not DataValue.objects.exists()
    phases.clear()
    run(data)
    assert set(phases) == {"vérification et écriture"}
    phases.clear()
    steps.clear()
    run(data.replace(b";1;\n", b";2;\n"))  # some values changed
    assert phases[0] == "lecture et vérification" and phases[-2] == "écriture des valeurs"
    writes = [done for phase, done in steps if phase == "écriture des valeurs"]
    assert writes == sorted(writes) and writes[-1] > 0  # never backwards
    assert DataValue.objects.filter(value=2).exists()
