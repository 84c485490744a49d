"""PostgreSQL restarted while requests are under way, against the production stack (`pilote
serve`: gunicorn, DEBUG off) and a PostgreSQL cluster of this test's own: the user gets a French
503 (a page, the autosave's field status, the API's JSON), never a 500 trace; the request's
transaction is rolled back, so nothing is half-written; the next request works again.

To be sure the restart falls *inside* the request, the test holds a lock on a table the request
writes to, waits until the request waits for it, then restarts the server."""

import http.cookiejar
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.core.pg_cluster import Cluster
from tests.core.servers import PILOTE, start_server

UNAVAILABLE = "la base de données ne répond pas"


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def site(cluster, tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PILOTE_", "EMAIL_"))}
    env.update(
        PILOTE_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        PILOTE_VAR_DIR=str(var),
        DATABASE_URL=cluster.url,
        PILOTE_ALLOWED_HOSTS="127.0.0.1",
        PILOTE_SECURE_COOKIES="0",
        PILOTE_WEB_WORKERS="1",
        PILOTE_WEB_THREADS="4",
        PILOTE_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    subprocess.run([*PILOTE, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*PILOTE, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    setup = subprocess.run(
        [sys.executable, "tests/core/site_setup.py"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    ids = json.loads(setup.stdout.strip().splitlines()[-1])
    log = var / "server.log"
    server, base = start_server(env, log)
    yield base, ids, log
    server.terminate()
    server.wait(timeout=40)


class Client:
    """A browser's cookies and CSRF token over plain HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, path, data=None, headers=None, content_type=None):
        headers = dict(headers or {})
        if data is not None:
            headers["X-CSRFToken"] = self.csrf()
            if isinstance(data, dict):
                data = urllib.parse.urlencode(data).encode()
                content_type = "application/x-www-form-urlencoded"
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=data, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def login(self, email):
        self.request("/comptes/connexion/")
        status, _h, _b = self.request(
            "/comptes/connexion/", {"username": email, "password": "mot-de-passe-test"}
        )
        assert status == 200 and any(c.name == "sessionid" for c in self.jar)


def count(cluster, table: str) -> int:
    with cluster.connect() as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def restart_while_waiting_on(cluster, table: str, send):
    """Lock `table`, run `send()` in a thread until it waits for the lock, restart PostgreSQL;
    what `send` answered."""
    lock = cluster.connect()
    lock.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")  # held: a transaction is open
    answer = []
    thread = threading.Thread(target=lambda: answer.append(send()))
    thread.start()
    # polled outside the lock's transaction: a transaction sees one snapshot of the statistics
    watch = cluster.connect(autocommit=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # a request waiting for *this* table's lock (any other backend waiting for a lock —
        # an autovacuum, a leftover of an earlier test — would start the restart too early,
        # before the request holds a transaction to roll back)
        waiting = watch.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND NOT l.granted",
            [table],
        ).fetchone()[0]
        if waiting:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the request never reached the locked table")
    watch.close()
    cluster.restart()
    lock.close()
    thread.join(60)
    return answer[0]


def test_autosave_during_a_restart_says_so_in_french_and_writes_nothing(cluster, site):
    base, ids, log = site
    client = Client(base)
    client.login(ids["email"])
    path = f"/indicateurs/rapports/{ids['report']}/valeur/"
    form = {"element": ids["element"], "value": "42", "comment": "", "version": ""}
    hx = {"HX-Request": "true", "HX-Target": f"status-{ids['element']}-"}
    before = count(cluster, "indicateurs_historicaldatavalue")
    status, headers, body = restart_while_waiting_on(
        cluster, "indicateurs_datavalue", lambda: client.request(path, form, hx)
    )
    assert status == 503 and headers["Retry-After"] == "30"
    assert UNAVAILABLE in body and 'role="alert"' in body and "Traceback" not in body
    assert count(cluster, "indicateurs_datavalue") == 0
    assert count(cluster, "indicateurs_historicaldatavalue") == before
    # the server reconnects by itself: the same save now goes through
    status, _headers, body = client.request(path, form, hx)
    assert status == 200 and "Enregistré" in body
    assert count(cluster, "indicateurs_datavalue") == 1
    lines = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
    assert [e["status"] for e in lines if e["path"] == path] == [503, 200]


def test_an_import_during_a_restart_is_a_french_503_page_and_is_rolled_back(cluster, site):
    base, ids, log = site
    client = Client(base)
    client.login(ids["email"])
    path = f"/indicateurs/rapports/{ids['report']}/import/"
    lines = ["dataElement;option;orgUnit;period;value;comment"] + [
        f"{code};;{ids['region']};2026S2;{n};"
        for n, code in enumerate(["ES_TOTAL", "MSS_ES_CONNECTES", "DMP_CREES"], start=10)
    ]
    boundary = "pilote-test-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="v.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n" + "\n".join(lines) + f"\r\n--{boundary}--\r\n"
    ).encode()
    values = count(cluster, "indicateurs_datavalue")
    # the import writes every value, then its trace (ImportJob): the restart falls in between
    status, _headers, page = restart_while_waiting_on(
        cluster,
        "indicateurs_importjob",
        lambda: client.request(
            path, body, content_type=f"multipart/form-data; boundary={boundary}"
        ),
    )
    # the import itself answered 503 (not its redirect to the report page, which urllib follows)
    logged = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
    assert [e["status"] for e in logged if e["path"] == path] == [503]
    assert status == 503
    assert "Service momentanément indisponible" in page and UNAVAILABLE in page
    assert "Traceback" not in page
    assert count(cluster, "indicateurs_datavalue") == values
    assert count(cluster, "indicateurs_importjob") == 0


def test_the_api_answers_a_restart_in_french_json(cluster, site):
    base, ids, _log = site
    client = Client(base)
    client.request("/comptes/connexion/")  # a CSRF cookie; the token authenticates
    body = json.dumps(
        {
            "dataValues": [
                {
                    "dataElement": "DMP_CREES",
                    "orgUnit": ids["region"],
                    "period": "2026S2",
                    "value": "7",
                }
            ]
        }
    ).encode()
    values = count(cluster, "indicateurs_datavalue")
    status, _headers, answer = restart_while_waiting_on(
        cluster,
        "indicateurs_datavalue",  # read first: the API import waits at once
        lambda: client.request(
            f"/api/v1/indicators/campaigns/{ids['campaign']}/datavaluesets",
            body,
            {"Authorization": f"Bearer {ids['token']}"},
            content_type="application/json",
        ),
    )
    assert status == 503
    assert UNAVAILABLE in json.loads(answer)["detail"]
    assert count(cluster, "indicateurs_datavalue") == values
