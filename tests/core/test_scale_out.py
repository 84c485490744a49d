"""Scale-out: uploaded files through `default_storage` (local disk or S3-compatible storage,
chosen by PILOTE_STORAGE), public pages read from a replica when there is one."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage

from pilote.comptes.models import Role
from pilote.indicateurs.import_jobs import start_values_import
from pilote.settings.storage import default_storage as storage_setting
from pilote.taches.services import local_file


def test_local_storage_is_the_default(monkeypatch):
    monkeypatch.delenv("PILOTE_STORAGE", raising=False)
    assert storage_setting()["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_s3_storage_is_configured_from_the_environment(monkeypatch):
    from storages.backends.s3 import S3Storage

    monkeypatch.setenv("PILOTE_STORAGE", "s3")
    monkeypatch.delenv("PILOTE_S3_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="PILOTE_S3_BUCKET"):
        storage_setting()
    monkeypatch.setenv("PILOTE_S3_BUCKET", "pilote-fichiers")
    monkeypatch.setenv("PILOTE_S3_ENDPOINT_URL", "https://s3.fr-par.example")
    monkeypatch.setenv("PILOTE_S3_REGION", "fr-par")
    setting = storage_setting()
    assert setting["BACKEND"] == "storages.backends.s3.S3Storage"
    storage = S3Storage(**setting["OPTIONS"])  # no request is sent before a file is
    assert (storage.bucket_name, storage.endpoint_url, storage.region_name) == (
        "pilote-fichiers",
        "https://s3.fr-par.example",
        "fr-par",
    )
    assert storage.location == "media" and storage.default_acl is None
    assert storage.querystring_auth and not storage.file_overwrite
    monkeypatch.setenv("PILOTE_STORAGE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="local or s3"):
        storage_setting()


def test_an_uploaded_file_goes_through_the_configured_storage(settings, world, campaign, tmp_path):
    """A storage that is not this machine's disk (no `path()`), as S3 is: the file of a
    background import is written to it and read back from it."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.core.storages.RemoteStorage"},
    }
    data = b"dataElement;option;orgUnit;period;value;comment\n"
    job = start_values_import(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        campaign=campaign,
        data=data,
        file_format="csv",
        filename="valeurs.csv",
    )
    assert default_storage.exists(job.file_name)
    assert not any(tmp_path.rglob("*"))  # nothing on the local disk
    with local_file(job) as path:  # the worker gets a local copy
        assert path.read_bytes() == data


REPLICA_CHECK = r"""
import os, shutil, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pilote.core.replica import public_read
from pilote.territoires.models import Territory
from tests.factories import RegionFactory, user_with_role, OrganisationFactory
from pilote.comptes.models import Role

call_command("migrate", verbosity=0)
RegionFactory(code="53", name="Bretagne")
connections.close_all()
primary, replica = sys.argv[1], sys.argv[2]
shutil.copy(primary, replica)  # the replica: a copy of the primary at this moment
Territory.objects.filter(code="53").update(name="Bretagne (après la copie)")  # primary only
user = user_with_role(Role.ARS_OFFICER, OrganisationFactory())  # created after the copy

@public_read
def public_name():
    return Territory.objects.get(code="53").name

assert public_name() == "Bretagne", public_name()
assert Territory.objects.get(code="53").name == "Bretagne (après la copie)"
client = Client()
client.force_login(user)  # a session on the primary only
with CaptureQueriesContext(connections["replica"]) as on_replica, \
        CaptureQueriesContext(connections["default"]) as on_primary:
    page = client.get("/tableau-de-bord/")
assert page.status_code == 200, page.status_code
assert "Se déconnecter" in page.content.decode()  # the session and the user: primary
assert any("territoires_territory" in q["sql"] for q in on_replica.captured_queries)
assert not any("territoires_territory" in q["sql"] for q in on_primary.captured_queries)
assert any("django_session" in q["sql"] for q in on_primary.captured_queries)
print("ok")
"""


def test_public_pages_read_from_the_replica_and_sessions_from_the_primary(tmp_path):
    """Two SQLite files stand for the primary and its replica (a copy taken at one moment)."""
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PILOTE_")}
    env.update(
        PILOTE_DEBUG="1",
        PILOTE_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{primary}",
        PILOTE_REPLICA_URL=f"sqlite:///{replica}",
        DJANGO_SETTINGS_MODULE="pilote.settings.base",
    )
    result = subprocess.run(
        [sys.executable, "-c", REPLICA_CHECK, str(primary), str(replica)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
