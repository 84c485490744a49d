"""Content-Security-Policy on every page type: scripts from Pilote's own static files only, and
no inline script left in the HTML (no <script> without src, no on…= attribute)."""

from html.parser import HTMLParser

import pytest

from pilote.comptes.models import Role

DATA_TYPES = {"application/json", "application/ld+json"}  # data, never executed


class ScriptFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []  # (attributes) of every <script>
        self.handlers = []  # on…= attributes
        self.javascript_urls = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").lower().startswith(
                "javascript:"
            ):
                self.javascript_urls.append(f"<{tag} {name}={value}>")


def assert_strict_csp(response):
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"], policy
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    finder = ScriptFinder()
    finder.feed(response.content.decode())
    inline = [s for s in finder.scripts if not s.get("src") and s.get("type") not in DATA_TYPES]
    assert inline == [], inline
    # the policy lists no nonce: none is drawn nor written in the page (django-dsfr's base
    # template writes one only once drawn); one would keep the page out of the public cache
    assert [s for s in finder.scripts if "nonce" in s] == []
    assert finder.handlers == []
    assert finder.javascript_urls == []
    return finder


@pytest.fixture
def pages(world, bfc_project, bfc_history):
    return {
        "public home": (None, "/"),
        "national dashboard": (None, "/tableau-de-bord/"),
        "region page": (None, f"/tableau-de-bord/{world.bfc.region.code}/"),
        "catalogue": (None, "/catalogue/"),
        "login": (None, "/comptes/connexion/"),
        "API docs": (None, "/api/v1/docs"),
        "missing page": (None, "/nulle-part/"),
        "user's home": (world.bfc.users[Role.ARS_OFFICER], "/"),
        "portfolio list": (world.bfc.users[Role.ARS_OFFICER], "/portefeuille/"),
        "organisation list": (world.bfc.users[Role.ARS_OFFICER], "/structures/"),
        "project page": (world.bfc.users[Role.ARS_OFFICER], bfc_project.get_absolute_url()),
        "organisation form": (world.bfc.users[Role.ARS_OFFICER], "/structures/ajouter/"),
        "report page": (
            world.bfc.users[Role.ARS_OFFICER],
            f"/indicateurs/rapports/{bfc_history.pk}/",
        ),
        "admin": (world.national_admin, "/admin/"),
    }


def test_every_page_type_has_the_policy_and_no_inline_script(client, pages):
    seen_scripts = set()
    for name, (user, url) in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == (404 if name == "missing page" else 200), name
        finder = assert_strict_csp(response)
        seen_scripts |= {s["src"].split("/static/")[-1] for s in finder.scripts if s.get("src")}
    # the pages do load their scripts, from Pilote's own static files
    assert {"vendor/htmx/htmx.min.js", "pilote/charts.js"} <= seen_scripts
    assert "vendor/vega/vega-interpreter.min.js" in seen_scripts


def test_the_finder_sees_what_it_forbids():
    finder = ScriptFinder()
    finder.feed('<script>alert(1)</script><a onclick="x()" href="javascript:x()">x</a>')
    assert finder.scripts == [{}]
    assert finder.handlers == ["<a onclick>"]
    assert finder.javascript_urls == ["<a href=javascript:x()>"]
