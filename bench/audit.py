"""Benchmark: the audit search (journal des modifications) over about 200,000 history rows.

    .venv/bin/python bench/audit.py [--rows 200000] [--runs 30]

Builds a fresh database (SQLite in a temporary folder, or DATABASE_URL if set), creates live
organisations, people, functions, projects and milestones in every current region, then bulk
inserts their history rows (creations and modifications by some 60 accounts or the system,
spread over three years) straight into the historical tables with `pilote.core.bulk`. Then, as
a national administrator, requests through Django's test client: the first page, the first
page filtered by region, filtered by user, and a deeper page. Prints each page's query count
(asserted ≤ MAX_QUERIES, the same at any size) and its p50/p95 latency. Target: p95 < 300 ms.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio import measure, p95, setup_django  # noqa: E402  (same page timing as there)

MAX_QUERIES = 40
TARGET_P95_MS = 300.0
# share of the history rows per model; the rest of each row is copied from the live object
SHARES = {
    "Organisation": 0.30,
    "Project": 0.20,
    "Milestone": 0.25,
    "Function": 0.15,
    "Person": 0.10,
}


def live_objects(rng: random.Random):
    """A few live objects per region: the history rows below describe them."""
    from pilote.acteurs.models import Function, Organisation, OrganisationType, Person
    from pilote.comptes.models import Membership, Role, User
    from pilote.portefeuille.models import Milestone, Project
    from pilote.territoires.models import Territory

    regions = list(Territory.objects.current().ars_regions().order_by("code"))
    objects = {name: [] for name in SHARES}
    officers = []
    for region in regions:
        departement = region.children.departements().first()
        orgs = Organisation.objects.bulk_create(
            Organisation(
                name=f"Structure {i} {region.name}",
                type=rng.choice([OrganisationType.HOPITAL_PUBLIC, OrganisationType.GRADES]),
                region=region,
                departement=departement,
            )
            for i in range(60)
        )
        projects = Project.objects.bulk_create(
            Project(
                region=region,
                code=f"{region.code}-{i:03d}",
                title=f"Projet {i} {region.name}",
                moa=rng.choice(orgs),
                impulsion="ars",
            )
            for i in range(40)
        )
        milestones = Milestone.objects.bulk_create(
            Milestone(project=p, title=f"Jalon {j}", planned_on=datetime.date(2026, 1 + j, 15))
            for p in projects
            for j in range(3)
        )
        people = Person.objects.bulk_create(
            Person(first_name="Agent", last_name=f"{region.code}-{i}") for i in range(40)
        )
        functions = Function.objects.bulk_create(
            Function(person=p, organisation=rng.choice(orgs), title="Chef de projet")
            for p in people
        )
        objects["Organisation"] += orgs
        objects["Project"] += projects
        objects["Milestone"] += milestones
        objects["Person"] += people
        objects["Function"] += functions
        for k in range(3):
            user = User.objects.create_user(f"ars{k}-{region.code}@bench.fr", "x")
            user.first_name, user.last_name = "Agent", f"ARS {region.name} {k}"
            user.save()
            Membership.objects.create(user=user, organisation=orgs[0], role=Role.ARS_OFFICER)
            officers.append(user)
    national = Organisation.objects.create(name="DNS", type=OrganisationType.ORGANISME_NATIONAL)
    admin = User.objects.create_user("admin@bench.fr", "x")
    Membership.objects.create(user=admin, organisation=national, role=Role.NATIONAL_ADMIN)
    return regions, objects, officers, admin


CHANGED = {  # a field each modification changes, and how
    "Organisation": ("phone", lambda rng, i: f"03{rng.randrange(10**8):08d}"),
    "Project": ("title", lambda rng, i: f"Projet renommé {i}"),
    "Milestone": ("forecast_on", lambda rng, i: datetime.date(2026, 1, 1) + datetime.timedelta(i)),
    "Function": ("title", lambda rng, i: rng.choice(["Directeur", "Chef de projet", "CMSI"])),
    "Person": ("phone", lambda rng, i: f"06{rng.randrange(10**8):08d}"),
}


def history_rows(model, objs, total: int, users, rng: random.Random, now):
    """`total` history rows for `objs`: a creation each, then modifications, dated in order."""
    field_name, new_value = CHANGED[model.__name__]
    fields = model._meta.concrete_fields
    per_object = max(1, total // len(objs))
    rows = []
    for obj in objs:
        values = {f.attname: getattr(obj, f.attname) for f in fields}
        start = now - datetime.timedelta(days=rng.uniform(30, 3 * 365))
        for i in range(per_object):
            if i:
                values[field_name] = new_value(rng, i)
            date = (
                start + (now - start) * (i / per_object) + datetime.timedelta(seconds=rng.random())
            )
            user = rng.choice(users)
            rows.append(
                {
                    **values,
                    "history_date": date,
                    "history_type": "+" if i == 0 else "~",
                    "history_change_reason": "" if rng.random() < 0.8 else "Comité de pilotage",
                    "history_user_id": user.pk if user is not None else None,
                }
            )
    return rows


def generate(total_rows: int, seed: int = 11):
    from django.db import connection, transaction
    from django.utils import timezone

    from pilote.core.bulk import insert_rows, prepare_rows

    rng = random.Random(seed)
    regions, objects, officers, admin = live_objects(rng)
    users = officers + [admin] + [None] * 5  # some rows come from imports (no account)
    now = timezone.now()
    inserted = 0
    with transaction.atomic():
        for name, share in SHARES.items():
            objs = objects[name]
            model = type(objs[0])
            history = model.history.model
            fields = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
            rows = history_rows(model, objs, int(total_rows * share), users, rng, now)
            for start in range(0, len(rows), 20_000):
                batch = rows[start : start + 20_000]
                insert_rows(
                    history._meta.db_table, [f.column for f in fields], prepare_rows(fields, batch)
                )
            inserted += len(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return regions, officers, admin, inserted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="pilote-bench-audit-"))
    setup_django(workdir)
    start = time.perf_counter()
    regions, officers, admin, inserted = generate(args.rows)

    from django.test import Client

    from pilote.audit.search import AuditFilters, AuditSearch

    total = sum(m.history.count() for m in AuditSearch(AuditFilters()).models)
    print(
        f"inserted {inserted:,} history rows ({total:,} in all history tables) in "
        f"{time.perf_counter() - start:.1f} s"
    )
    region = next(r for r in regions if r.code == "27")  # Bourgogne-Franche-Comté
    officer = next(u for u in officers if u.email.endswith(f"-{region.code}@bench.fr"))
    pages = [
        ("first page", "/audit/"),
        (f"region {region.name}", f"/audit/?region={region.code}"),
        (f"user {officer.email}", f"/audit/?user={officer.email}"),
        (
            "region and type (projects)",
            f"/audit/?region={region.code}&object_type=portefeuille.project",
        ),
        ("page 40", "/audit/?page=40"),
    ]
    client = Client()
    client.force_login(admin)
    database = os.environ.get("DATABASE_URL", "sqlite (temporary file)").split("@")[-1]
    print(f"\nAudit search benchmark — database: {database}, {args.runs} runs per page")
    print(f"  {'page':<44} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    failed = False
    for label, url in pages:
        timings, queries, status = measure(client, url, args.runs)
        value = p95(timings)
        ok = status == 200 and queries <= MAX_QUERIES and value < TARGET_P95_MS
        failed |= not ok
        print(
            f"  {label:<44} {queries:>7} {statistics.median(timings):>8.1f} {value:>8.1f}"
            f"   {'OK' if ok else 'MISSED'}"
        )
    print(f"\nTargets: p95 < {TARGET_P95_MS:g} ms, at most {MAX_QUERIES} queries per page.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
