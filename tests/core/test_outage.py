"""A full disk where uploaded files go: the user gets a French message (503), the database and
the storage are unchanged. The database restarting is in test_database_restart.py."""

import html

import pytest
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.comptes.services import create_api_token
from pilote.indicateurs.models import DataValue
from pilote.taches.models import Job

DISK_FULL = "l'espace de stockage du serveur est plein"


@pytest.fixture
def full_disk(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tests.core.storages.FullDiskStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.PILOTE_BACKGROUND_BYTES = 10  # any file is stored for the worker
    return tmp_path


def _csv(report) -> bytes:
    return (
        "dataElement;option;orgUnit;period;value;comment\n"
        f"ES_TOTAL;;{report.region.code};2026S2;50;\n"
    ).encode()


def _upload(report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("valeurs.csv", _csv(report), content_type="text/csv")


def _unchanged(folder):
    assert not Job.objects.exists() and not DataValue.objects.exists()
    assert not any(folder.rglob("*.csv"))


def test_an_upload_on_a_full_disk_is_a_french_503_and_changes_nothing(
    client, world, campaign, full_disk
):
    report = campaign.reports.get(region=world.bfc.region)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    url = reverse("indicateurs:report_import", args=[report.pk])
    page = client.post(url, {"file": _upload(report)})
    assert page.status_code == 503 and page["Retry-After"] == "30"
    text = html.unescape(page.content.decode())
    assert "Service momentanément indisponible" in text and DISK_FULL in text
    assert "Traceback" not in text
    _unchanged(full_disk)
    # the page's htmx form: an alert placed above the form, which stays
    fragment = client.post(
        url, {"file": _upload(report)}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="content"
    )
    assert fragment.status_code == 503
    assert fragment["HX-Reswap"].startswith("afterbegin") and fragment["HX-Reselect"] == ".fr-alert"
    assert 'role="alert"' in fragment.content.decode()
    assert DISK_FULL in html.unescape(fragment.content.decode())
    _unchanged(full_disk)


def test_the_api_answers_a_full_disk_in_french_json(client, world, campaign, full_disk):
    report = campaign.reports.get(region=world.bfc.region)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    _token, raw = create_api_token(acting_user=manager, name="t", scope="read_write", valid_days=5)
    answer = client.post(
        f"/api/v1/indicators/campaigns/{campaign.pk}/datavaluesets",
        data=b'{"dataValues": [{"dataElement": "ES_TOTAL", "orgUnit": "%s", "period": "2026S2", '
        b'"value": "50"}]}' % report.region.code.encode(),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert answer.status_code == 503
    assert DISK_FULL in answer.json()["detail"]
    _unchanged(full_disk)
