import os
from pathlib import Path

import pytest

from tests.browser.servers import GUNICORN, Outbox, gunicorn_server, gunicorn_worker  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does it)")
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls made by
    # the test itself (fixtures) are synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """In-process, tests/conftest.py's MD5; against gunicorn, a one-round PBKDF2 that the
    server's production hasher accepts (tests/browser/hashers.py): it never accepts MD5."""
    settings.PASSWORD_HASHERS = [
        "tests.browser.hashers.OneRoundPBKDF2PasswordHasher"
        if GUNICORN
        else "django.contrib.auth.hashers.MD5PasswordHasher"
    ]


def against_gunicorn(request) -> bool:
    """PILOTE_BROWSER_SERVER=gunicorn, unless the test is marked `in_process_server`."""
    return GUNICORN and not request.node.get_closest_marker("in_process_server")


@pytest.fixture(scope="session")
def in_process_server(request):
    """pytest-django's own `live_server` (which this module's `live_server` replaces)."""
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture
def live_server(request):
    """The server under test: in-process, or gunicorn (tests/browser/servers.py). Its `url`."""
    if against_gunicorn(request):
        return request.getfixturevalue("gunicorn_server")
    return request.getfixturevalue("in_process_server")


@pytest.fixture
def tasks_run(request, settings):
    """The tasks the server enqueues (e-mails, imports) run: at once in-process (Django's
    immediate backend), or by a `pilote worker` beside gunicorn. The test's own enqueues
    (fixtures) run at once either way."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    if against_gunicorn(request):
        request.getfixturevalue("gunicorn_worker")


@pytest.fixture
def outbox(request, live_server):
    """The e-mails the server under test sent (tests/browser/servers.py `Outbox`)."""
    return Outbox(live_server.mail_folder if against_gunicorn(request) else None)


@pytest.fixture
def server_folders(request, live_server, settings, tmp_path):
    """MEDIA_ROOT and PILOTE_JOBS_DIR shared by the test and the server under test."""
    if against_gunicorn(request):
        var = Path(live_server.env["PILOTE_VAR_DIR"])
        settings.MEDIA_ROOT = var / "media"
        settings.PILOTE_JOBS_DIR = Path(live_server.env["PILOTE_JOBS_DIR"])
    else:
        settings.MEDIA_ROOT = tmp_path / "media"
        settings.PILOTE_JOBS_DIR = tmp_path / "taches"


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        context = browser.new_context(locale="fr-FR")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, base_url: str, email: str, password: str = "mot-de-passe-test"):
    page.goto(f"{base_url}/comptes/connexion/")  # "/" is the public home page
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("domcontentloaded")
