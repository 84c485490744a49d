"""The server the browser tests drive.

By default, pytest-django's in-process `live_server` (a thread of the test process, with its
settings). With PILOTE_BROWSER_SERVER=gunicorn, the production stack instead: `pilote serve`
(gunicorn, DEBUG off, WhiteNoise over a `collectstatic` into a temporary folder) in another
process, on the test database that pytest-django created (`test_<name>` on PostgreSQL, the file
`var/test-pilote.sqlite3` on SQLite). Browser tests use transactional data, so the server sees
the rows the test commits. See docs/dev/tests.md."""

import email
import email.policy
import os
import secrets
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.core.servers import PILOTE, start_server

MODE = os.environ.get("PILOTE_BROWSER_SERVER", "")
if MODE not in ("", "gunicorn"):
    raise pytest.UsageError(
        f"PILOTE_BROWSER_SERVER={MODE!r}: expected 'gunicorn' or nothing (in-process server)"
    )
GUNICORN = MODE == "gunicorn"


class _NoSettings:
    """pytest-django's `_live_server_helper` enables and disables the in-process server's
    settings around each test; a separate process has none to change."""

    def enable(self):
        pass

    def disable(self):
        pass


class GunicornServer:
    def __init__(self, url: str, env: dict, folder: Path, log: Path):
        self.url = url
        self.env = env  # the server's environment, for its worker
        self.folder = folder
        self.log = log
        self._live_server_modified_settings = _NoSettings()

    @property
    def mail_folder(self) -> Path:
        return Path(self.env["PILOTE_EMAIL_FILE_PATH"])

    def __str__(self):
        return self.url


def test_database_url() -> str:
    """DATABASE_URL of the test database pytest-django has created and this process uses."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(name).resolve()}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def start_gunicorn(folder: Path) -> tuple[subprocess.Popen, GunicornServer]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PILOTE_", "EMAIL_"))}
    env.update(
        PILOTE_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        PILOTE_VAR_DIR=str(folder / "var"),
        PILOTE_JOBS_DIR=str(folder / "var" / "taches"),
        DATABASE_URL=test_database_url(),
        PILOTE_ALLOWED_HOSTS="127.0.0.1",
        PILOTE_SECURE_COOKIES="0",  # plain HTTP on the loopback
        PILOTE_WEB_WORKERS="2",
        PILOTE_WEB_THREADS="2",
        PILOTE_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        PILOTE_EMAIL_FILE_PATH=str(folder / "courriels"),
    )
    subprocess.run([*PILOTE, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    log = folder / "gunicorn.log"
    process, url = start_server(env, log)
    return process, GunicornServer(url, env, folder, log)


@pytest.fixture(scope="session")
def gunicorn_server(django_db_setup, django_db_blocker, tmp_path_factory):
    process, server = start_gunicorn(tmp_path_factory.mktemp("gunicorn"))
    yield server
    process.terminate()
    process.wait(timeout=40)


@pytest.fixture
def gunicorn_worker(gunicorn_server, tmp_path):
    """`pilote worker` beside the server, for one test: the tasks the server enqueues run."""
    with open(tmp_path / "worker.log", "w") as out:
        process = subprocess.Popen(
            [*PILOTE, "worker", "--no-reload", "--interval", "0.2"],
            env=gunicorn_server.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    yield process
    process.terminate()
    process.wait(timeout=40)


@dataclass(frozen=True)
class SentEmail:
    to: list[str]
    subject: str
    body: str


class Outbox:
    """The e-mails the server sent: Django's `mail.outbox` in-process, the file-based backend's
    folder under gunicorn (its worker sends them a moment later, hence `wait`)."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def clear(self):
        from django.core import mail

        mail.outbox.clear()
        if self.folder and self.folder.exists():
            for path in self.folder.iterdir():
                path.unlink()

    def messages(self) -> list[SentEmail]:
        from django.core import mail

        if self.folder is None:
            return [SentEmail(m.to, m.subject, m.body) for m in mail.outbox]
        if not self.folder.exists():
            return []
        paths = sorted(self.folder.iterdir(), key=lambda p: (p.stat().st_mtime_ns, p.name))
        return [m for path in paths for m in _read(path.read_bytes())]

    def wait(self, count: int, timeout: float = 30) -> list[SentEmail]:
        """The messages, once there are at least `count` of them (or the timeout)."""
        deadline = time.monotonic() + timeout
        while len(found := self.messages()) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return found


SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def _read(content: bytes) -> list[SentEmail]:
    """The messages of one file of django.core.mail.backends.filebased (one per connection)."""
    found = []
    for chunk in content.split(SEPARATOR):
        if not chunk.strip():
            continue
        message = email.message_from_bytes(chunk, policy=email.policy.default)
        to = [address.strip() for address in str(message["To"]).split(",")]
        body = message.get_body(preferencelist=("plain",)).get_content()
        # a long subject is folded after "Subject:"; unfolding leaves the fold's leading space
        found.append(SentEmail(to, str(message["Subject"]).strip(), body))
    return found
