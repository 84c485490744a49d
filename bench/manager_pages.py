"""Benchmark: the pages a GRADeS manager uses every day, on the demo data (issue 10 §6, §8).

    .venv/bin/python bench/manager_pages.py [--runs 20] [--queries] [--profile PAGE]
    bench/with-postgres .venv/bin/python bench/manager_pages.py      # PostgreSQL, fsync on

Builds a fresh database (SQLite in a temporary folder, or DATABASE_URL if set) with the demo
data (`load_reference` + `load_demo`, as `make demo`), then, as each GRADeS manager of the
load test (grades.ara, grades.bfc), requests in-process through Django's test client: the
project list, a project page, the report entry page, the organisation list and the import of a
small CSV file (five values exported by the API) into the report; and times the login POST
(the password hasher). For each page: SQL queries (the header's "Mes tâches" badge counted
apart), the first request (cold) and the CPU ms per warm request (median and p95 of --runs).
`--queries`: the SQL of each page's last request, normalised (numbers and strings replaced by
?), with how many times it ran and its database time, slowest first. `--profile PAGE,...`
(a label's first word: projets, projet, rapport, structures, import, connexion): a cProfile of
those pages' warm requests, Pilote's functions by cumulative time and the top ones by own time.
`--keep DIR`: the database stays in DIR and is reused by the next run on the same database.
"""

import argparse
import cProfile
import io
import logging
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import database_lines, machine_lines, p95, production_environment  # noqa: E402

MANAGERS = ("grades.ara@demo.pilote.fr", "grades.bfc@demo.pilote.fr")


def setup_django(workdir: Path, load: bool = True) -> None:
    production_environment(
        workdir, PILOTE_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )
    import django

    django.setup()
    logging.disable(logging.INFO)  # the one-line-per-request log
    if not load:
        return
    from django.core.management import call_command

    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=devnull)
    call_command("load_demo", force_without_debug=True, verbosity=0, stdout=devnull)


class Badge:
    """Counts the queries and time of the header's "Mes tâches" badge apart from the page's."""

    def __init__(self):
        from pilote.accueil import context_processors

        self.module = context_processors
        self.original = context_processors.todo_count
        self.queries = 0
        self.ms = 0.0
        context_processors.todo_count = self.wrapped

    def wrapped(self, request):
        from django.db import connection

        before = len(connection.queries_log)
        start = time.process_time()
        try:
            return self.original(request)
        finally:
            self.ms += (time.process_time() - start) * 1000
            self.queries += len(connection.queries_log) - before

    def reset(self):
        self.queries, self.ms = 0, 0.0


def normalise(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    sql = re.sub(r"\((?:\?, )+\?\)", "(?…)", sql)
    return sql[:160]


class Page:
    def __init__(self, label, who, request):
        self.label, self.who, self.request = label, who, request


def pages_for(email: str):
    """The requests of one manager: (label, callable(client) -> response)."""
    from django.test import Client

    from pilote.comptes.models import User
    from pilote.indicateurs.models import Report
    from pilote.portefeuille.models import Project

    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    project = Project.objects.visible_to(user).order_by("pk").first()
    report, csv = _entry_report(user, Report, client)
    short = email.split("@")[0]
    pages = [
        Page("projets /portefeuille/", short, lambda: client.get("/portefeuille/")),
        Page(
            "projet /portefeuille/projets/<id>/",
            short,
            lambda: client.get(f"/portefeuille/projets/{project.pk}/"),
        ),
        Page(
            "rapport /indicateurs/rapports/<id>/",
            short,
            lambda: client.get(f"/indicateurs/rapports/{report.pk}/"),
        ),
        Page("structures /structures/", short, lambda: client.get("/structures/")),
    ]
    if csv:
        pages.append(
            Page(
                "import POST /indicateurs/rapports/<id>/import/",
                short,
                lambda: client.post(
                    f"/indicateurs/rapports/{report.pk}/import/",
                    {"file": _upload(csv)},
                ),
            )
        )
    pages.append(
        Page(
            "connexion POST /comptes/connexion/",
            short,
            lambda: Client().post(
                "/comptes/connexion/", {"username": email, "password": _password()}
            ),
        )
    )
    return pages


def _password() -> str:
    from pilote.acteurs.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def _entry_report(user, Report, client):
    """The manager's report open for entry that has values (as the load test's import: five of
    them exported by the API), and that small CSV file; else the first report and None."""
    from pilote.indicateurs import perms
    from pilote.indicateurs.models import ReportStatus

    reports = list(Report.objects.visible_to(user).order_by("-pk"))
    for report in reports:
        if report.status == ReportStatus.OPEN and perms.can_enter_report(user, report):
            csv = _small_csv(client, report)
            if csv:
                return report, csv
    return reports[0], None


VALUE_FORM = re.compile(  # as bench/load/locustfile.py reads the report page
    r'name="element" value="(\d+)"><input type="hidden" name="option" value="([^"]*)">\s*'
    r'<span id="value-[^"]*">.*?name="version" value="([^"]*)"',
    re.S,
)


def _enter_values(client, report, count=5) -> None:
    """`count` values entered through the page's autosave (the demo's open reports are empty;
    the load test's managers autosave before they import)."""
    page = client.get(f"/indicateurs/rapports/{report.pk}/").content.decode()
    for i, (element, option, version) in enumerate(VALUE_FORM.findall(page)[:count]):
        client.post(
            f"/indicateurs/rapports/{report.pk}/valeur/",
            {"element": element, "option": option, "version": version, "value": str(10 + i)},
            headers={"HX-Request": "true"},
        )


def _small_csv(client, report) -> bytes | None:
    _enter_values(client, report)
    answer = client.get(f"/api/v1/indicators/datavaluesets?campaign={report.campaign_id}")
    if answer.status_code != 200:
        return None
    rows = answer.json()[:5]
    if not rows:
        return None
    lines = ["dataElement;option;orgUnit;period;value;comment"] + [
        f"{r['dataElement']};{r['option']};{r['orgUnit']};{r['period']};"
        f"{r['value'] if r['value'] is not None else ''};"
        for r in rows
    ]
    return "\n".join(lines).encode()


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("petit.csv", content, content_type="text/csv")


def measure(page: Page, runs: int, badge: Badge, show_queries: bool, profile: bool):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu, wall, statuses = [], [], set()
    queries = badge_queries = 0
    badge_ms = []
    repeated: Counter = Counter()
    query_ms: Counter = Counter()
    profiler = cProfile.Profile() if profile else None
    first = None
    for i in range(runs + 2):
        badge.reset()
        with CaptureQueriesContext(connection) as captured:
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            if profiler and i >= 2:
                profiler.enable()
            response = page.request()
            if profiler and i >= 2:
                profiler.disable()
            elapsed_cpu = (time.process_time() - start_cpu) * 1000
            elapsed_wall = (time.perf_counter() - start_wall) * 1000
        statuses.add(response.status_code)
        if first is None:
            first = elapsed_cpu
        if i >= 2:  # warm-up
            cpu.append(elapsed_cpu)
            wall.append(elapsed_wall)
        queries = max(queries, len(captured) - badge.queries)
        badge_queries = max(badge_queries, badge.queries)
        if i >= 2:
            badge_ms.append(badge.ms)
        if i == runs + 1 and show_queries:
            for query in captured.captured_queries:
                key = normalise(query["sql"])
                repeated[key] += 1
                query_ms[key] += float(query["time"]) * 1000
    return {
        "cpu": cpu,
        "wall": wall,
        "queries": queries,
        "badge": badge_queries,
        "badge_ms": badge_ms,
        "status": ",".join(str(s) for s in sorted(statuses)),
        "first": first,
        "repeated": repeated,
        "query_ms": query_ms,
        "profiler": profiler,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--queries", action="store_true", help="print each page's queries")
    parser.add_argument("--profile", default="", help="cProfile the pages of this label")
    parser.add_argument(
        "--keep",
        default="",
        help="keep the database in this folder and reuse it when it is there (faster reruns)",
    )
    args = parser.parse_args()
    for line in machine_lines():
        print(line)
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="pilote-bench-manager-"))
    workdir.mkdir(parents=True, exist_ok=True)
    marker, database = workdir / "loaded", os.environ.get("DATABASE_URL", "sqlite")
    reuse = bool(args.keep) and marker.exists() and marker.read_text() == database
    start = time.perf_counter()
    setup_django(workdir, load=not reuse)
    marker.write_text(database)
    for line in database_lines():
        print(line)
    print(f"demo data {'reused' if reuse else 'loaded'} in {time.perf_counter() - start:.0f} s")
    from django.conf import settings

    from pilote.portefeuille.models import Project

    print(
        f"hasher: {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}; "
        f"projects: {Project.objects.count()}"
    )
    badge = Badge()
    print(f"\nGRADeS manager pages — {args.runs} warm runs per page, CPU ms of the process")
    print(
        f"  {'page':<46} {'who':<11} {'status':>6} {'queries':>7} {'badge q':>7} "
        f"{'cold ms':>8} {'p50 ms':>7} {'p95 ms':>7} {'badge ms':>8} {'wall p50':>8}"
    )
    for email in MANAGERS:
        for page in pages_for(email):
            runs = min(args.runs, 5) if page.label.startswith("connexion") else args.runs
            profile = page.label.split()[0] in args.profile.split(",")
            result = measure(page, runs, badge, args.queries, profile)
            print(
                f"  {page.label:<46} {page.who:<11} {result['status']:>6} "
                f"{result['queries']:>7} {result['badge']:>7} {result['first']:>8.0f} "
                f"{statistics.median(result['cpu']):>7.1f} {p95(result['cpu']):>7.1f} "
                f"{statistics.median(result['badge_ms']):>8.1f} "
                f"{statistics.median(result['wall']):>8.1f}"
            )
            if args.queries:
                for sql, ms in result["query_ms"].most_common(12):
                    print(f"      {result['repeated'][sql]:>4} × {ms:6.1f} ms  {sql}")
            if result["profiler"]:
                out = io.StringIO()
                stats = pstats.Stats(result["profiler"], stream=out)
                stats.sort_stats("cumulative").print_stats(r"pilote/|templatetags|forms", 30)
                stats.sort_stats("tottime").print_stats(15)
                print(out.getvalue())
    print(
        "\n'queries' excludes the header's 'Mes tâches' badge ('badge q'); CPU ms include it."
        " The login POST is mostly the password hasher."
    )
    import shutil

    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
