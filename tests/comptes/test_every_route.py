"""Every route × every role (and an anonymous visitor) × own/other region × method, against the
policy table of tests/comptes/routes.py. A URL pattern or an OpenAPI operation without a row
fails `test_every_route_has_a_row`, naming it.

The scene (tests/comptes/route_scene.py) is built once for the module and flushed at its end;
each case runs in its own transaction (pytest-django's `db`), so what a POST changes is gone
before the next case."""

import json
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pilote.api import api
from pilote.territoires.regions import SESSION_KEY
from tests.comptes import routes
from tests.comptes.route_scene import OTHER, OWN, Scene

LOGIN_URL = "/comptes/connexion/"


# --- what exists -------------------------------------------------------------------------


def _walk(resolver, namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if pattern.namespace and namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def url_pattern_names() -> set[str]:
    """The name of every URL pattern, but: the API's operations (each is a row of routes.API,
    from the OpenAPI document), the admin's unnamed internals (the `<object_id>/` redirect and
    the catch-all 404) and the few patterns routes.SKIPPED lists with their reason. An unnamed
    pattern elsewhere is reported by its route."""
    names = set()
    for namespace, pattern in _walk(get_resolver()):
        if getattr(pattern.callback, "__module__", "") == "ninja.operation":
            continue
        if pattern.name is None:
            if namespace != "admin":
                names.add(f"unnamed: {pattern.pattern}")
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        if name not in routes.SKIPPED:
            names.add(name)
    return names


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


# --- the cases ---------------------------------------------------------------------------


def _specs(row):
    values = list(row.args.values()) if isinstance(row.args, dict) else list(row.args)
    values += list(row.query.values())

    def flat(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from flat(v)
        elif isinstance(value, list):
            for v in value:
                yield from flat(v)
        else:
            yield value

    return values + list(flat(row.body))


def is_regional(row) -> bool:
    return any(Scene.is_regional(spec) for spec in _specs(row))


def _cases():
    for kind, table in (("web", routes.WEB), ("api", routes.API)):
        for name, row in table.items():
            regions = [OWN, OTHER] if is_regional(row) else [None]
            for method in row.methods:
                for role in routes.ROLES:
                    for region in regions:
                        yield kind, name, method, role, region
                yield kind, name, method, routes.ANONYMOUS, regions[0]


CASES = list(_cases())


def _id(case):
    kind, name, method, role, region = case
    return f"{kind}|{name}|{method}|{role}|{region or '-'}"


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, tmp_path_factory):
    """The scene, committed once for the module and flushed at its end (as Django's
    TransactionTestCase does): each case runs in its own transaction, rolled back. (An outer
    transaction around the module would not do: Django closes the connection after each
    TestCase, which PostgreSQL's backend really does.)"""
    fast = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    fast.enable()
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            scene = Scene()
            scene.sessions = _sessions(scene)
        yield scene
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
        fast.disable()


def _sessions(scene) -> dict:
    """A logged-in session per account (per region under test for the national roles, whose
    pages are about the region they selected), opened once: a case only sets its cookie."""
    sessions = {}
    for role in routes.ROLES:
        for region in (OWN, OTHER) if role in routes.NATIONAL else (None,):
            client = Client()
            client.force_login(scene.account(role))
            if region is not None:
                session = client.session
                session[SESSION_KEY] = scene.side(region).region.pk
                session.save()
            sessions[role, region] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def _resolve(scene, value, region, user):
    if isinstance(value, dict):
        return {k: _resolve(scene, v, region, user) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(scene, v, region, user) for v in value]
    return scene.value(value, region, user)


def _url(scene, kind, name, row, region, user) -> str:
    args = _resolve(scene, row.args, region, user)
    if kind == "web":
        url = reverse(name, args=args) if isinstance(args, list) else reverse(name, kwargs=args)
    else:
        url = name.split(" ", 1)[1]
        for key, value in args.items():
            url = url.replace("{" + key + "}", str(value))
    query = _resolve(scene, row.query, region, user)
    return f"{url}?{urlencode(query)}" if query else url


def _send(client, kind, method, url, body):
    if method == "GET":
        return client.get(url)
    if kind == "api":
        return client.generic(method, url, json.dumps(body), content_type="application/json")
    return client.post(url, body)


def outcome(response, expected: str) -> str:
    """The class of an answer (see routes.py)."""
    status = response.status_code
    location = response.get("Location", "")
    if status == 401 or (status == 302 and location.startswith(LOGIN_URL) and "next=" in location):
        return routes.LOGIN
    if status == 302 and location.startswith("/admin/login/"):
        return routes.ADMIN_LOGIN
    if status in (403, 404):
        return str(status)
    if status == 422 and expected == routes.REJECTED:
        return routes.REJECTED
    if status < 400 or status in (400, 422):
        return routes.OK
    return f"unexpected {status}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_every_route(db, client, scene, case):
    kind, name, method, role, region = case
    row = (routes.WEB if kind == "web" else routes.API)[name]
    expected = row.methods[method].expect(role, region)
    user = None
    if role != routes.ANONYMOUS:
        user = scene.account(role)
        # national roles look at the region under test (or BFC on a route of no region)
        session_region = (region or OWN) if role in routes.NATIONAL else None
        client.cookies[settings.SESSION_COOKIE_NAME] = scene.sessions[role, session_region]
    url = _url(scene, kind, name, row, region, user)
    body = _resolve(scene, row.body, region, user)
    response = _send(client, kind, method, url, body)
    response.close()  # a file download's file
    got = outcome(response, expected)
    assert got == expected, (
        f"{method} {url} as {role} ({region or 'no region'}): expected {expected}, "
        f"got {got} ({response.status_code} {response.get('Location', '')})"
    )


def test_every_route_has_a_row(capsys):
    names, operations = url_pattern_names(), api_operations()
    missing = sorted(names - routes.WEB.keys()) + sorted(operations - routes.API.keys())
    stale = sorted(routes.WEB.keys() - names) + sorted(routes.API.keys() - operations)
    with capsys.disabled():
        print(
            f"\naccess test: {len(names)} URL patterns, {len(operations)} API operations, "
            f"{len(CASES)} cases"
        )
    assert not missing, "routes without a row in tests/comptes/routes.py: " + ", ".join(missing)
    assert not stale, "rows for routes that no longer exist: " + ", ".join(stale)
