"""The browser tests drive the server they announce: with PILOTE_BROWSER_SERVER=gunicorn,
`pilote serve` in another process (DEBUG off, WhiteNoise's hashed static files, one JSON line
per request on its log), whose production hasher never accepts an MD5 password."""

import json
import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from pilote.comptes.models import Role
from tests.browser.conftest import against_gunicorn, login

pytestmark = pytest.mark.browser


def test_the_pages_come_from_the_announced_server(live_server, world, new_page, request):
    page = new_page()
    response = page.goto(f"{live_server.url}/page-inexistante/")
    assert response.status == 404
    stylesheets = page.eval_on_selector_all("link[rel=stylesheet]", "ls => ls.map(l => l.href)")
    if against_gunicorn(request):
        assert response.headers["server"] == "gunicorn"
        assert "Page introuvable" in page.content()  # the French page, DEBUG off
        # collectstatic's hashed names, served by WhiteNoise
        assert stylesheets
        assert all(re.search(r"\.[0-9a-f]{12}\.css$", s) for s in stylesheets), stylesheets
        assert all(page.request.get(s).status == 200 for s in stylesheets)
        log = live_server.log.read_text().splitlines()
        requests = [json.loads(line) for line in log if line.startswith("{")]
        assert ("/page-inexistante/", 404) in [(r["path"], r["status"]) for r in requests]
    else:
        assert response.headers["server"].startswith("WSGIServer")


def test_the_test_accounts_log_in_and_md5_never_does(live_server, world, new_page, request):
    officer = world.bfc.users[Role.ARS_OFFICER]
    page = new_page()
    login(page, live_server.url, officer.email)
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    if not against_gunicorn(request):
        return
    officer.refresh_from_db()
    # the server's own hasher re-hashed the one-round test hash at production strength
    algorithm, rounds, *_ = officer.password.split("$")
    assert (algorithm, int(rounds) > 1) == ("pbkdf2_sha256", True)

    reader = world.bfc.users[Role.ARS_READER]
    reader.password = MD5PasswordHasher().encode("mot-de-passe-test", "sel")
    reader.save(update_fields=["password"])
    other = new_page()
    login(other, live_server.url, reader.email)
    assert other.get_by_role("button", name="Se connecter").is_visible()
    assert not other.get_by_role("button", name="Se déconnecter").is_visible()
