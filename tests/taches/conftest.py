"""A database that a real worker process (`pilote worker`) shares with the test.

On PostgreSQL, the test database itself (committed data: `transactional_db`). On SQLite the
test database lives in memory, out of another process's reach: the test runs on a copy of it
in a file (same schema), and the worker opens that file."""

import datetime
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from tests.conftest import World

ROOT = Path(__file__).resolve().parents[2]
PILOTE = [str(Path(sys.executable).parent / "pilote")]


@pytest.fixture(autouse=True)
def var_dir(tmp_path, settings):
    """The stored files and the jobs' progress of a test, in its own folder."""
    var_dir = tmp_path / "var"
    settings.MEDIA_ROOT = var_dir / "media"
    settings.PILOTE_JOBS_DIR = var_dir / "taches"
    return var_dir


@pytest.fixture
def shared_db(transactional_db, django_db_blocker, var_dir):
    """The environment of a worker process that reads and writes the test's database, its
    stored files and the jobs' progress."""
    from django.db import connection

    env = dict(os.environ, PILOTE_VAR_DIR=str(var_dir), PILOTE_DEBUG="1", PYTHONPATH=str(ROOT))
    if connection.vendor != "sqlite":  # the test's module is marked django_db(transaction=True)
        s = connection.settings_dict
        password = f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else ""
        env["DATABASE_URL"] = (
            f"postgres://{quote(s['USER'])}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        )
        yield env
        return
    path = var_dir.parent / "shared.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        memory, name = connection.connection, connection.settings_dict["NAME"]
        target = sqlite3.connect(path)
        memory.backup(target)  # the migrated schema (and whatever the session left)
        target.close()
        connection.connection = None  # the next query opens the file
        connection.settings_dict["NAME"] = str(path)
        try:
            env["DATABASE_URL"] = f"sqlite:///{path}"
            yield env
        finally:
            connection.close()
            connection.settings_dict["NAME"] = name
            connection.connection = memory


def run_worker(env, *args, timeout=120) -> subprocess.CompletedProcess:
    """`pilote worker --batch`: runs every task waiting, then exits."""
    return subprocess.run(
        [*PILOTE, "worker", "--batch", "--no-reload", "--no-startup-delay", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def start_worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [*PILOTE, "worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, timeout=120, every=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(every)
    raise AssertionError("délai dépassé")


class Reporting:
    """The regions of the tests, the indicator definitions and the open 2026S2 campaign."""

    def __init__(self):
        from pilote.indicateurs.definitions import load_definitions
        from pilote.indicateurs.models import Dataset
        from pilote.indicateurs.workflow import open_campaign

        self.world = World()
        load_definitions(acting_user=SYSTEM)
        today = datetime.date.today()
        self.campaign = open_campaign(
            acting_user=self.world.national_admin,
            dataset=Dataset.objects.get(code="SOCLE_SEMESTRIEL"),
            period="2026S2",
            opens_on=today - datetime.timedelta(days=10),
            deadline=today + datetime.timedelta(days=10),
            locks_on=today + datetime.timedelta(days=30),
        )
        self.manager = self.world.bfc.users[Role.GRADES_MANAGER]
        self.report = self.campaign.reports.get(region=self.world.bfc.region)

    def establishments(self, count: int) -> list[str]:
        """`count` BFC establishments; their FINESS numbers."""
        from pilote.acteurs.models import Organisation

        bfc = self.world.bfc
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Établissement {i}",
                finess_et=f"21{i:07d}",
                departement=bfc.departement,
                region=bfc.region,
            )
            for i in range(count)
        )
        return [f"21{i:07d}" for i in range(count)]

    def large_csv(self, establishments: int) -> bytes:
        """Values of every socle element without options, for 3 periods of each establishment."""
        from pilote.indicateurs.models import DataElement

        codes = list(
            DataElement.objects.filter(
                datasets=self.campaign.dataset, disaggregation__isnull=True
            ).values_list("code", flat=True)
        )
        lines = ["dataElement;option;orgUnit;period;value;comment"]
        for finess in self.establishments(establishments):
            for period in ("2026S2", "2026Q3", "2026Q4"):
                lines.extend(f"{code};;{finess};{period};{len(lines) % 90};" for code in codes)
        return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def reporting(shared_db):
    return Reporting()
