"""Benchmark: the public dashboards over 10 million organisation-level data values, and the
import of 1 million values until they show in the roll-ups, then its correction.

    .venv/bin/python bench/dashboard.py [--values 10000000] [--import-values 1000000]
                                        [--runs 60] [--pairs 5] [--quick] [--keep]
    bench/with-postgres .venv/bin/python bench/dashboard.py      # PostgreSQL, fsync on

Fresh database (SQLite in a temporary folder, or DATABASE_URL if set). The history is generated
as data looks: establishments spread over every département of their region, one report in 25
unlocked for correction (its accepted values stay published), and a second dataset entered per
establishment. Prints, with the Python version and a CPU reference figure:
- the national dashboard and a region page (10 charts with their history and forecast, the
  table by département): the first request of a fresh process (cold) beside the warm p50/p95;
  the national page reads only the aggregate rows (about 10,000), so its figure says nothing of
  the 10 million values; the region page reads its establishments' values of the period;
- the time to import 1 million values (CSV, `import_values`) then submit, validate and accept
  every region's report so the roll-ups are refreshed (target ≤ 15 s), and the peak memory of
  that process (target < 1 GB); then the region page for that period, just accepted (no
  VACUUM or ANALYZE in between other than the import's own);
- a corrected re-import: the reports unlocked, a file with one value in 20 changed imported,
  submitted, validated and accepted again;
- the roll-up of the imported values by Pilote (`refresh_aggregates`) against a hand-written
  SQL GROUP BY over the same rows, alternated over `--pairs` pairs: the range of the ratio.
`--quick`: 500,000 values, an import of 100,000, 20 runs — a few minutes.
"""

import argparse
import json
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import database_lines, machine_lines, p95, span  # noqa: E402

HISTORY = ("2015S1", "2024S2")
IMPORT_PERIOD = "2025S1"
# denominators of the validation rules: generated above their numerators (≤ 90)
DENOMINATORS = {"ES_TOTAL", "MSS_ACTEURS", "SEJOURS_TOTAL", "ROR_PERIMETRE", "IDENTITES_TOTAL"}


def env_for(workdir: Path) -> dict:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.settings",
        PILOTE_DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
        PILOTE_VAR_DIR=str(workdir),
        PILOTE_ALLOWED_HOSTS="testserver",
        # the pages themselves are measured: the cache of public pages would answer every warm
        # request from memory (bench/public_cache.py measures it)
        PILOTE_PUBLIC_CACHE_SECONDS="0",
    )


def setup(workdir: Path) -> None:
    os.environ.update(env_for(workdir))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("load_reference", stdout=devnull)


def value_slots():
    """(element id, option) of every value an organisation reports each period."""
    from pilote.indicateurs.models import Dataset

    dataset = Dataset.objects.get(code="SOCLE_SEMESTRIEL")
    slots = []
    for element in dataset.data_elements.select_related("disaggregation").order_by("code"):
        if element.disaggregation_id:
            slots += [
                (element.pk, element.code, o.code) for o in element.disaggregation.options.all()
            ]
        else:
            slots.append((element.pk, element.code, ""))
    return dataset, slots


def generate(total_values: int, import_values: int) -> dict:
    from django.db import transaction

    from pilote.acteurs.models import Organisation, OrganisationType
    from pilote.comptes.access import SYSTEM
    from pilote.comptes.models import Membership, Role, User
    from pilote.core.bulk import insert_rows
    from pilote.indicateurs import analytics
    from pilote.indicateurs.definitions import load_definitions
    from pilote.indicateurs.models import Campaign, CampaignStatus, DataValue, Report, ReportStatus
    from pilote.indicateurs.periods import series
    from pilote.territoires.models import Territory

    load_definitions(acting_user=SYSTEM)
    dataset, slots = value_slots()
    periods = series(*HISTORY)
    regions = list(Territory.objects.current().ars_regions())
    departements = {r.pk: list(r.children.departements()) for r in regions}
    # enough organisations for both the history and a one-period import of `import_values`
    n_orgs = max(
        len(regions),
        total_values // (len(slots) * len(periods)),
        -(-import_values // (len(slots) * 2)),
    )
    orgs_with_history = total_values // (len(slots) * len(periods))
    rng = random.Random(10)
    weights = [r.population or 1 for r in regions]
    orgs = [
        Organisation(
            name=f"Établissement {i}",
            type=OrganisationType.HOPITAL_PUBLIC,
            finess_et=f"{(i % 90) + 10:02d}{i:07d}",
            region=r,
            departement=rng.choice(departements[r.pk]),
        )
        for i, r in enumerate(rng.choices(regions, weights, k=n_orgs))
    ]
    Organisation.objects.bulk_create(orgs, batch_size=5000)
    orgs = list(
        Organisation.objects.filter(type=OrganisationType.HOPITAL_PUBLIC).values_list(
            "pk", "region_id", "finess_et"
        )
    )
    national = Organisation.objects.create(name="DNS", type=OrganisationType.ORGANISME_NATIONAL)
    admin = User.objects.create_user("admin@bench.fr", "x")
    Membership.objects.create(user=admin, organisation=national, role=Role.NATIONAL_ADMIN)
    for region in regions:
        ars = Organisation.objects.create(
            name=f"ARS {region.name}", type=OrganisationType.ARS, region=region
        )
        officer = User.objects.create_user(f"ars-{region.code}@bench.fr", "x")
        Membership.objects.create(user=officer, organisation=ars, role=Role.ARS_OFFICER)
    fields = [f for f in DataValue._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    start = time.perf_counter()
    inserted = 0
    for t, period in enumerate(periods):
        with transaction.atomic():
            # on the demo data (bench/load), the demo's campaigns and region reports of the
            # dataset are reused: the generated establishments report through them
            campaign, _created = Campaign.objects.get_or_create(
                dataset=dataset,
                period=period.code,
                defaults={
                    "name": period.code,
                    "opens_on": period.start,
                    "deadline": period.end,
                    "locks_on": period.end,
                    "status": CampaignStatus.CLOSED,
                },
            )
            reports = dict(
                campaign.reports.filter(organisation=None).values_list("region_id", "pk")
            )
            # one report in 25 unlocked for correction: its accepted values stay published
            reports.update(
                (r.region_id, r.pk)
                for r in Report.objects.bulk_create(
                    [
                        Report(
                            campaign=campaign,
                            region=r,
                            status=ReportStatus.OPEN
                            if rng.random() < 0.04
                            else ReportStatus.ACCEPTED,
                            was_accepted=True,
                        )
                        for r in regions
                        if r.pk not in reports
                    ]
                )
            )
            batch = []
            for org_id, region_id, _finess in orgs[:orgs_with_history]:
                for element_id, _code, option in slots:
                    value = float(rng.randint(0, 50) + t * 3)
                    row = {
                        "data_element_id": element_id,
                        "option": option,
                        "territory_id": None,
                        "organisation_id": org_id,
                        "region_id": region_id,
                        "period": period.code,
                        "value": value,
                        "text_value": "",
                        "comment": "",
                        "accepted_value": None,
                        "report_id": reports[region_id],
                        "updated_by_id": None,
                        "updated_at": "2025-01-01 00:00:00",
                    }
                    batch.append(tuple(row[f.attname] for f in fields))
                    if len(batch) >= 100_000:
                        insert_rows(DataValue._meta.db_table, columns, batch)
                        inserted += len(batch)
                        batch = []
            insert_rows(DataValue._meta.db_table, columns, batch)
            inserted += len(batch)
        rate = inserted / (time.perf_counter() - start)
        print(f"  {period.code}: {inserted:,} values ({rate:,.0f}/s)", flush=True)
    start = time.perf_counter()
    analytics.refresh_aggregates(
        region_ids=[r.pk for r in regions], periods=[p.code for p in periods]
    )
    print(f"initial roll-up of {inserted:,} values: {time.perf_counter() - start:.1f} s")
    # a second dataset, entered per establishment (two accepted semesters)
    from pilote.indicateurs.demo import load_establishment_campaign

    load_establishment_campaign(per_region=50)
    settle()
    return {"orgs": orgs, "slots": slots, "inserted": inserted}


def settle() -> None:
    """What a database does after a bulk load, done now rather than during the measures: on
    PostgreSQL, autovacuum would otherwise vacuum the 10 million rows while the import runs
    (it doubled the import's time in one run out of two)."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE indicateurs_datavalue")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"after the load: vacuum/analyze and checkpoint, {time.perf_counter() - start:.1f} s")


def latency(runs: int, url: str) -> tuple[list[float], int]:
    """Warm timings (ms, after 3 requests) and the query count of `url`."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    timings, queries = [], 0
    for i in range(runs + 3):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.status_code
        if i >= 3:
            timings.append(elapsed)
        queries = max(queries, len(captured))
    return timings, queries


COLD = r"""
import sys, time
import django
django.setup()
from django.test import Client
start = time.perf_counter()
response = Client().get(sys.argv[1])
assert response.status_code == 200, response.status_code
print((time.perf_counter() - start) * 1000)
"""


def cold(workdir: Path, url: str) -> float:
    """The first request of a fresh process (ms): imports, URL resolver, templates."""
    out = subprocess.run(
        [sys.executable, "-c", COLD, url],
        env=env_for(workdir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def page_line(label: str, workdir: Path, url: str, runs: int, target: float | None) -> str:
    first = cold(workdir, url)
    timings, queries = latency(runs, url)
    value = p95(timings)
    verdict = f"   target p95 ≤ {target:g} ms   {'OK' if value <= target else 'MISSED'}"
    return (
        f"  {label} ({len(timings)} runs, {queries} queries): cold {first:.0f} ms, "
        f"warm p50 {statistics.median(timings):.0f} ms, p95 {value:.0f} ms"
        + (verdict if target else "")
    ), value


def write_import_file(path: Path, orgs, slots, count: int, corrected: bool = False) -> int:
    """The import (2 quarters of the 2025S1 campaign); `corrected`: one value in 20 changed."""
    rng = random.Random(11)
    lines = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("dataElement;option;orgUnit;period;value;comment\n")
        for quarter in ("2025Q1", "2025Q2"):
            for _org_id, _region, finess in orgs:
                for _element_id, code, option in slots:
                    if lines >= count:
                        return lines
                    value = 100 + rng.randint(0, 50) if code in DENOMINATORS else rng.randint(0, 90)
                    if corrected and lines % 20 == 0:
                        value += 1
                    handle.write(f"{code};{option};{finess};{quarter};{value};\n")
                    lines += 1
    return lines


CHILD = r"""
import json, os, sys, time
import django
django.setup()
from django.db import connection
from pilote.comptes.models import User
from pilote.indicateurs import analytics, workflow
from pilote.indicateurs.imports import import_values
from pilote.indicateurs.models import Campaign, DataValue, Dataset, ReportStatus
import datetime
admin = User.objects.get(email="admin@bench.fr")
dataset = Dataset.objects.get(code="SOCLE_SEMESTRIEL")
today = datetime.date.today()
campaign = workflow.open_campaign(acting_user=admin, dataset=dataset, period="2025S1",
    opens_on=today, deadline=today, locks_on=today + datetime.timedelta(days=1))
profiler = None
if os.environ.get("BENCH_PROFILE"):
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()


def publish(path):
    # import, then every touched report submitted, validated and accepted: the roll-ups show it
    t0 = time.perf_counter()
    result = import_values(acting_user=admin, campaign=campaign, data=open(path, "rb").read(),
                           file_format="csv", filename="bench.csv")
    t1 = time.perf_counter()
    validated = []
    for report in campaign.reports.select_related("region"):
        if not DataValue.objects.filter(report=report).exists():
            continue
        officer = User.objects.get(email=f"ars-{report.region.code}@bench.fr")
        workflow.submit_report(acting_user=officer, report=report)
        workflow.validate_report(acting_user=officer, report=report,
                                 confirmation_reason="banc d'essai")
        validated.append(report)
    t_checked = time.perf_counter()
    workflow.accept_reports(acting_user=admin, reports=validated,
                            confirmation_reason="banc d'essai")
    t2 = time.perf_counter()
    return result, {"import": t1 - t0, "submit_validate": t_checked - t1,
                    "accept": t2 - t_checked, "total": t2 - t0}


from bench.common import own_peak_mb as peak_mb

result, first = publish(sys.argv[1])
first["peak_mb"] = peak_mb()
if profiler:
    import pstats
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
regions = list(campaign.reports.values_list("region_id", flat=True))
pilote_times, sql_times, groups = [], [], 0


def pilote_rollup():
    analytics.refresh_aggregates(region_ids=regions, periods=["2025Q1", "2025Q2"])


def sql_group_by():
    global groups
    with connection.cursor() as cursor:
        # the simplest correct query for accepted reports, with the same index-friendly
        # filter as Pilote's (regions and periods)
        cursor.execute(
            "SELECT v.region_id, v.data_element_id, v.option, v.period, SUM(v.value), COUNT(*) "
            "FROM indicateurs_datavalue v WHERE v.region_id IN (%s) "
            "AND v.period IN ('2025Q1', '2025Q2') AND v.value IS NOT NULL AND v.report_id IN "
            "(SELECT id FROM indicateurs_report WHERE status = 'accepte') "
            "GROUP BY v.region_id, v.data_element_id, v.option, v.period"
            % ", ".join(str(int(r)) for r in regions))
        groups = len(cursor.fetchall())


# alternated, each first in turn: caches and the machine's load weigh on both alike
for i in range(int(sys.argv[3])):
    order = [(pilote_rollup, pilote_times), (sql_group_by, sql_times)]
    for run, times in order if i % 2 == 0 else order[::-1]:
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
# the correction: every report unlocked, a corrected file imported, published again
for report in campaign.reports.filter(status=ReportStatus.ACCEPTED):
    workflow.unlock_report(acting_user=admin, report=report, reason="correction")
fixed, again = publish(sys.argv[2])
again["peak_mb"] = peak_mb()
print(json.dumps({"rows": result.rows, "first": first, "again": again, "updated": fixed.updated,
                  "pilote": pilote_times, "sql": sql_times, "groups": groups}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--values", type=int, default=10_000_000)
    parser.add_argument("--import-values", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--pairs", type=int, default=5, help="roll-up vs GROUP BY pairs")
    parser.add_argument("--quick", action="store_true", help="500,000 values, import 100,000")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.quick:
        args.values, args.import_values, args.runs = 500_000, 100_000, 20
    for line in machine_lines():
        print(line, flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="pilote-bench-dashboard-"))
    setup(workdir)
    for line in database_lines():
        print(line)
    print(f"generating {args.values:,} organisation-level values…", flush=True)
    state = generate(args.values, args.import_values)

    last = f"?periode={HISTORY[1]}"
    region_url = "/tableau-de-bord/84/"  # Auvergne-Rhône-Alpes
    lines = []
    line, national_p95 = page_line(
        "national dashboard", workdir, f"/tableau-de-bord/{last}", args.runs, 150
    )
    lines.append(line)
    line, _p95 = page_line(
        f"region page, {HISTORY[1]}", workdir, region_url + last, max(args.runs // 3, 5), 300
    )
    lines.append(line)

    path, fixed = workdir / "import.csv", workdir / "corrected.csv"
    count = write_import_file(path, state["orgs"], state["slots"], args.import_values)
    write_import_file(fixed, state["orgs"], state["slots"], args.import_values, corrected=True)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(fixed), str(args.pairs)],
        env=env_for(workdir),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out, err = child.communicate()  # reads both pipes while waiting: a long profile fits
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter() - start
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if child.returncode != 0:
        raise SystemExit(f"import child failed:\n{out}\n{err}")
    if os.environ.get("BENCH_PROFILE"):
        print(err)
    figures = json.loads(out.strip().splitlines()[-1])
    peak_mb = max(figures["first"]["peak_mb"], figures["again"]["peak_mb"])
    # the period just accepted, with no maintenance in between but the import's own ANALYZE
    line, region_new_p95 = page_line(
        f"region page, {IMPORT_PERIOD} just accepted",
        workdir,
        f"{region_url}?periode={IMPORT_PERIOD}",
        max(args.runs // 3, 5),
        300,
    )
    lines.append(line)

    database = os.environ.get("DATABASE_URL", "sqlite (temporary file)").split("@")[-1]
    print(f"\nDashboard benchmark — database: {database}, {state['inserted']:,} values")
    for line in lines:
        print(line)
    first, again = figures["first"], figures["again"]
    print(
        f"  import {count:,} values: {first['import']:.1f} s; submit + validate "
        f"{first['submit_validate']:.1f} s; accept (roll-ups refreshed) {first['accept']:.1f} s; "
        f"until visible {first['total']:.1f} s   target ≤ 15 s   "
        f"{'OK' if first['total'] <= 15 else 'MISSED'}"
    )
    print(
        f"  corrected re-import ({figures['updated']:,} values changed, reports unlocked "
        f"first): import {again['import']:.1f} s; until visible {again['total']:.1f} s"
    )
    print(
        f"  peak memory of the import process: {peak_mb:.0f} MB (after the first import "
        f"{first['peak_mb']:.0f} MB, after the corrected one {again['peak_mb']:.0f} MB)   "
        "target < 1024 MB   "
        f"{'OK' if peak_mb < 1024 else 'MISSED'}   (process wall time {wall:.1f} s, CPU "
        f"{cpu:.1f} s)"
    )
    ratios = [p / q for p, q in zip(figures["pilote"], figures["sql"], strict=True) if q]
    print(
        f"  roll-up of the imported values ({figures['groups']} groups, {len(ratios)} "
        f"alternated pairs): Pilote {span([t * 1000 for t in figures['pilote']], '{:.0f}')} ms, "
        f"hand-written SQL GROUP BY {span([t * 1000 for t in figures['sql']], '{:.0f}')} ms: "
        f"ratio × {span(ratios, '{:.2f}')} (median × {statistics.median(ratios):.2f})"
    )
    ok = national_p95 <= 150 and region_new_p95 <= 300 and first["total"] <= 15 and peak_mb < 1024
    if not args.keep:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
