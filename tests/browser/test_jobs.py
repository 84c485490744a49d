"""In Chromium: "Mes tâches" follows a job without a reload — its progress, then its result —
and stops asking once the job has ended."""

import time

import pytest
from playwright.sync_api import expect

from pilote.comptes.models import Role
from pilote.indicateurs.import_jobs import start_values_import
from pilote.taches import progress
from pilote.taches.models import Job, Status
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_the_job_page_follows_the_job_until_it_ends(
    live_server, server_folders, world, campaign, new_page
):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    job = start_values_import(
        acting_user=manager,
        campaign=campaign,
        data=b"dataElement;orgUnit;period;value\n",
        file_format="csv",
        filename="national.csv",
    )
    page = new_page()
    login(page, live_server.url, manager.email)
    page.goto(f"{live_server.url}/taches/{job.pk}/")
    status = page.locator("#job-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("en attente")

    Job.objects.filter(pk=job.pk).update(status=Status.RUNNING)
    progress.Reporter(job.pk)("écriture des valeurs", 100, 400, "lignes")
    expect(status).to_contain_text(
        "Écriture des valeurs : 100 sur 400 lignes (25 %)", timeout=10_000
    )
    expect(page.get_by_label("Avancement")).to_have_attribute("value", "25")

    Job.objects.filter(pk=job.pk).update(
        status=Status.DONE, summary="Import réussi : 400 valeurs créées, 0 modifiée, 0 inchangée."
    )
    progress.clear(job.pk)
    expect(status).to_contain_text("Import réussi : 400 valeurs créées", timeout=10_000)
    expect(status).to_contain_text("terminé")
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    time.sleep(5)  # more than two polling periods
    assert not [url for url in asked if f"/taches/{job.pk}/" in url]
