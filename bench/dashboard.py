"""Benchmark: national dashboard over 10 million organisation-level data values, and the import
of 1 million values until they show in the roll-ups.

    .venv/bin/python bench/dashboard.py [--values 10000000] [--import-values 1000000] [--runs 60]

Fresh database (SQLite in a temporary folder, or DATABASE_URL if set). Prints:
- the national dashboard's p50/p95 latency and query count (target p95 < 150 ms);
- the time to import 1 million values (CSV, `import_values`) then submit, validate and accept
  every region's report so the roll-ups are refreshed (target < 15 s), and the peak memory of
  that process (target < 1 GB);
- the roll-up of those values by Pilote (`refresh_aggregates`) against a hand-written SQL
  GROUP BY over the same rows: the ratio is the figure to report.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HISTORY = ("2015S1", "2024S2")
IMPORT_PERIOD = "2025S1"
# denominators of the validation rules: generated above their numerators (≤ 90)
DENOMINATORS = {"ES_TOTAL", "MSS_ACTEURS", "SEJOURS_TOTAL", "ROR_PERIMETRE", "IDENTITES_TOTAL"}


def env_for(workdir: Path) -> dict:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="pilote.settings.base",
        PILOTE_DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
        PILOTE_VAR_DIR=str(workdir),
        PILOTE_ALLOWED_HOSTS="testserver",
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
    departements = {r.pk: r.children.departements().first() for r in regions}
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
            departement=departements[r.pk],
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
            campaign = Campaign.objects.create(
                dataset=dataset,
                period=period.code,
                name=period.code,
                opens_on=period.start,
                deadline=period.end,
                locks_on=period.end,
                status=CampaignStatus.CLOSED,
            )
            reports = {
                r.region_id: r.pk
                for r in Report.objects.bulk_create(
                    [
                        Report(campaign=campaign, region=r, status=ReportStatus.ACCEPTED)
                        for r in regions
                    ]
                )
            }
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


def dashboard_latency(runs: int, url: str = f"/tableau-de-bord/?periode={HISTORY[1]}"):
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


def write_import_file(path: Path, orgs, slots, count: int) -> int:
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
data = open(sys.argv[1], "rb").read()
profiler = None
if os.environ.get("BENCH_PROFILE"):
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()
t0 = time.perf_counter()
result = import_values(acting_user=admin, campaign=campaign, data=data, file_format="csv",
                       filename="bench.csv")
t1 = time.perf_counter()
if profiler:
    import pstats
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
validated = []
for report in campaign.reports.select_related("region"):
    if not DataValue.objects.filter(report=report).exists():
        continue
    officer = User.objects.get(email=f"ars-{report.region.code}@bench.fr")
    workflow.submit_report(acting_user=officer, report=report)
    workflow.validate_report(acting_user=officer, report=report, confirmation_reason="banc d'essai")
    validated.append(report)
t_checked = time.perf_counter()
workflow.accept_reports(acting_user=admin, reports=validated, confirmation_reason="banc d'essai")
t2 = time.perf_counter()
regions = list(campaign.reports.values_list("region_id", flat=True))
t3 = time.perf_counter()
analytics.refresh_aggregates(region_ids=regions, periods=["2025Q1", "2025Q2"])
t4 = time.perf_counter()
with connection.cursor() as cursor:
    # the simplest correct query for freshly accepted reports, with the same index-friendly
    # filter as Pilote's (regions and periods)
    cursor.execute(
        "SELECT v.region_id, v.data_element_id, v.option, v.period, SUM(v.value), COUNT(*) "
        "FROM indicateurs_datavalue v WHERE v.region_id IN (%s) "
        "AND v.period IN ('2025Q1', '2025Q2') AND v.value IS NOT NULL AND v.report_id IN "
        "(SELECT id FROM indicateurs_report WHERE status = 'accepte') "
        "GROUP BY v.region_id, v.data_element_id, v.option, v.period"
        % ", ".join(str(int(r)) for r in regions))
    raw = cursor.fetchall()
t5 = time.perf_counter()
print(json.dumps({"rows": result.rows, "import": t1 - t0, "approval_and_rollup": t2 - t1,
                  "submit_validate": t_checked - t1, "accept": t2 - t_checked,
                  "pilote_rollup": t4 - t3, "sql_group_by": t5 - t4, "groups": len(raw)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--values", type=int, default=10_000_000)
    parser.add_argument("--import-values", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="pilote-bench-dashboard-"))
    setup(workdir)
    print(f"generating {args.values:,} organisation-level values…", flush=True)
    state = generate(args.values, args.import_values)

    timings, queries = dashboard_latency(args.runs)
    p95 = statistics.quantiles(timings, n=20)[-1]
    # a region page: 10 charts with their history and forecast, and the table by département
    # computed from the region's establishment values of the period
    region_timings, region_queries = dashboard_latency(
        max(args.runs // 3, 5), f"/tableau-de-bord/84/?periode={HISTORY[1]}"
    )

    path = workdir / "import.csv"
    lines = write_import_file(path, state["orgs"], state["slots"], args.import_values)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        env=env_for(workdir),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    start = time.perf_counter()
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    out, err = child.stdout.read(), child.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import child failed:\n{out}\n{err}")
    if os.environ.get("BENCH_PROFILE"):
        print(err)
    figures = json.loads(out.strip().splitlines()[-1])
    peak_mb = usage.ru_maxrss / 1024
    see_in_rollups = figures["import"] + figures["approval_and_rollup"]

    database = os.environ.get("DATABASE_URL", "sqlite (temporary file)").split("@")[-1]
    print(f"\nDashboard benchmark — database: {database}, {state['inserted']:,} values")
    print(
        f"  national dashboard ({args.runs} runs): p50 {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms, {queries} queries   target p95 < 150 ms   "
        f"{'OK' if p95 < 150 else 'MISSED'}"
    )
    print(
        f"  region page, Auvergne-Rhône-Alpes ({len(region_timings)} runs): "
        f"p50 {statistics.median(region_timings):.0f} ms, "
        f"p95 {statistics.quantiles(region_timings, n=20)[-1]:.0f} ms, {region_queries} queries"
    )
    print(
        f"  import {lines:,} values: {figures['import']:.1f} s; submit + validate + accept "
        f"(roll-ups refreshed): {figures['approval_and_rollup']:.1f} s "
        f"(submit + validate {figures['submit_validate']:.1f} s, "
        f"accept {figures['accept']:.1f} s); "
        f"total {see_in_rollups:.1f} s   target < 15 s   "
        f"{'OK' if see_in_rollups < 15 else 'MISSED'}"
    )
    print(
        f"  peak memory of the import process: {peak_mb:.0f} MB   target < 1024 MB   "
        f"{'OK' if peak_mb < 1024 else 'MISSED'}   (process wall time {wall:.1f} s)"
    )
    ratio = figures["pilote_rollup"] / figures["sql_group_by"] if figures["sql_group_by"] else 0
    print(
        f"  roll-up of the imported values: Pilote {figures['pilote_rollup'] * 1000:.0f} ms, "
        f"hand-written SQL GROUP BY {figures['sql_group_by'] * 1000:.0f} ms "
        f"({figures['groups']} groups): ratio {ratio:.2f}"
    )
    ok = p95 < 150 and see_in_rollups < 15 and peak_mb < 1024
    if not args.keep:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
