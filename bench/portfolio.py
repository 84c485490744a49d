"""Benchmark: portfolio list and national comparison with 18 regions × 300 projects.

    .venv/bin/python bench/portfolio.py [--projects-per-region 300] [--runs 60] [--quick]
    bench/with-postgres .venv/bin/python bench/portfolio.py      # PostgreSQL, fsync on

Builds a fresh database (SQLite in a temporary folder, or DATABASE_URL if set), generates the
portfolio, then requests the pages in-process through Django's test client as a national reader
and as an ARS officer. For each page it asserts a bounded number of SQL queries (the same
whatever the data size) and prints the first request (cold: the first of the process for the
first page, the first of its client for the others) beside the warm p50/p95 latency.
Target: p95 ≤ 200 ms. `--quick`: 20 runs per page.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import database_lines, machine_lines, production_environment  # noqa: E402

MAX_QUERIES = 15
TARGET_P95_MS = 200.0


def setup_django(workdir: Path) -> None:
    production_environment(workdir)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def generate(per_region: int, seed: int = 7):
    from pilote.acteurs.models import Organisation, OrganisationType
    from pilote.cadre.models import FrameworkVersion
    from pilote.comptes.models import Membership, Role, User
    from pilote.portefeuille.models import (
        PHASE_ORDER,
        Health,
        Milestone,
        Phase,
        Programme,
        ProgrammeKind,
        Project,
        Strategy,
    )
    from pilote.territoires.models import Territory

    rng = random.Random(seed)
    version = FrameworkVersion.objects.in_force()
    socle = list(version.socle_services.all())
    regions = list(Territory.objects.current().ars_regions())
    officer_region = None
    for region in regions:
        departement = region.children.departements().first()
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"{kind} {region.name} {i}",
                    type=kind,
                    region=region,
                    departement=departement,
                )
                for i, kind in enumerate(
                    [OrganisationType.ARS, OrganisationType.GRADES]
                    + [OrganisationType.HOPITAL_PUBLIC] * 20
                )
            ]
        )
        strategy = Strategy.objects.create(
            region=region, title="Stratégie", start_year=2023, end_year=2027
        )
        programmes = Programme.objects.bulk_create(
            [
                Programme(strategy=strategy, code=f"P{i}", title=f"Programme {i}", kind=kind)
                for i, kind in enumerate(ProgrammeKind.values)
            ]
        )
        projects = Project.objects.bulk_create(
            [
                Project(
                    region=region,
                    code=f"{region.code}-{i:04d}",
                    title=f"Projet {i} {region.name}",
                    programme=rng.choice(programmes),
                    moa=rng.choice(orgs[2:]),
                    moa_delegate=orgs[1],
                    impulsion=rng.choice(["nationale", "ars", "membres", "locale"]),
                    phase=rng.choice(PHASE_ORDER + [Phase.ARRETE]),
                    health=(h := rng.choice(Health.values)),
                    health_reason="" if h == Health.ON_TRACK else "Retard fournisseur",
                )
                for i in range(per_region)
            ]
        )
        through = Project.socle_services.through
        through.objects.bulk_create(
            [
                through(project_id=p.pk, socleservice_id=s.pk)
                for p in projects
                for s in rng.sample(socle, rng.randint(0, 2))
            ]
        )
        Milestone.objects.bulk_create(
            [
                Milestone(
                    project=p,
                    title=f"Jalon {j}",
                    planned_on=f"202{4 + j}-0{1 + j}-15",
                    actual_on=None if rng.random() < 0.5 else f"202{4 + j}-0{1 + j}-20",
                )
                for p in projects
                for j in range(3)
            ]
        )
        if region.code == "27":
            officer_region = (region, orgs[0])
    national = Organisation.objects.create(name="DNS", type=OrganisationType.ORGANISME_NATIONAL)
    reader = User.objects.create_user("lecteur@bench.fr", "x")
    Membership.objects.create(user=reader, organisation=national, role=Role.NATIONAL_READER)
    officer = User.objects.create_user("ars@bench.fr", "x")
    Membership.objects.create(user=officer, organisation=officer_region[1], role=Role.ARS_OFFICER)
    return reader, officer, len(regions)


def measure(client, url: str, runs: int) -> tuple[list[float], int, int, int, float]:
    """Warm timings, the queries of the first request (cold: it may rebuild what a change
    invalidated, such as the similarity index), the most queries of a warm one, the status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = cold_queries = 0
    status = 0
    for i in range(runs + 3):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        status = response.status_code
        if i == 0:
            first, cold_queries = elapsed, len(captured)
        if i >= 3:  # warm-up
            timings.append(elapsed)
            queries = max(queries, len(captured))
    return timings, cold_queries, queries, status, first


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects-per-region", type=int, default=300)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--quick", action="store_true", help="20 runs per page")
    args = parser.parse_args()
    if args.quick:
        args.runs = 20
    for line in machine_lines():
        print(line)
    workdir = Path(tempfile.mkdtemp(prefix="pilote-bench-portfolio-"))
    setup_django(workdir)
    for line in database_lines():
        print(line)
    start = time.perf_counter()
    reader, officer, regions = generate(args.projects_per_region)
    print(
        f"generated {regions} regions × {args.projects_per_region} projects in "
        f"{time.perf_counter() - start:.1f} s"
    )

    from django.test import Client

    pages = [
        ("national reader", reader, "/portefeuille/?phase=deploiement&socle=ROR"),
        ("national reader", reader, "/portefeuille/"),
        ("national reader", reader, "/portefeuille/?health=derive&impulsion=ars&page=2"),
        ("ARS officer (BFC)", officer, "/portefeuille/?phase=production"),
        ("national reader", reader, "/portefeuille/comparaison-nationale/"),
        ("ARS officer (BFC)", officer, "/portefeuille/vue-d-ensemble/"),
    ]
    database = os.environ.get("DATABASE_URL", "sqlite (temporary file)").split("@")[-1]
    print(f"\nPortfolio benchmark — database: {database}, {args.runs} runs per page")
    print(f"  {'page':<68} {'queries cold/warm':>17} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8}")
    failed = False
    for who, user, url in pages:
        client = Client()
        client.force_login(user)
        timings, cold_queries, queries, status, first = measure(client, url, args.runs)
        value = p95(timings)
        ok = status == 200 and queries <= MAX_QUERIES and value <= TARGET_P95_MS
        failed |= not ok
        label = f"{url} ({who})"
        print(
            f"  {label:<68} {f'{cold_queries}/{queries}':>17} {first:>8.0f} "
            f"{statistics.median(timings):>8.1f} {value:>8.1f}"
            f"   {'OK' if ok else 'MISSED'}"
        )
    print(
        f"\nTargets: p95 ≤ {TARGET_P95_MS:g} ms, at most {MAX_QUERIES} queries per warm request "
        "(the first request of a page may rebuild what the data generation invalidated)."
    )
    import shutil

    shutil.rmtree(workdir, ignore_errors=True)  # the generated database
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
