"""Benchmark: CPU milliseconds of a warm anonymous request to the public pages, without and
with the cache of anonymous responses (pilote.core.public_cache), on the demo data.

    .venv/bin/python bench/public_cache.py [--runs 30]
    bench/with-postgres .venv/bin/python bench/public_cache.py      # PostgreSQL

Fresh database (SQLite in a temporary folder, or DATABASE_URL if set) with the reference and
`load_demo`'s data; the production settings (DEBUG off) through Django's test client, in this
process: every middleware runs, no network. For each page: the median and best CPU time
(`time.process_time`) of `--runs` requests after a first one, with the cache off
(PILOTE_PUBLIC_CACHE_SECONDS=0: the pages as they were) and on (every request but the first
is a hit: the stamp's query and the cached bytes), and the queries each makes."""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import database_lines, machine_lines  # noqa: E402
from bench.dashboard import env_for  # noqa: E402


def prepare() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("load_reference", stdout=devnull)
        call_command("load_demo", "--force-without-debug", stdout=devnull)


def measure(client, url: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url  # the first one (fills the cache if on)
    samples = []
    for _ in range(runs):
        start = time.process_time()
        response = client.get(url)
        samples.append((time.process_time() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(samples), min(samples), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pilote-bench-cache-") as workdir:
        os.environ.update(env_for(Path(workdir)))
        started = time.perf_counter()
        prepare()
        print(f"demo data ready in {time.perf_counter() - started:.0f} s")
        logging.getLogger("pilote.requests").setLevel(logging.WARNING)  # one line a request
        warnings.filterwarnings("ignore", "No directory at")  # no collectstatic needed here
        from django.conf import settings
        from django.core.cache import caches
        from django.test import Client

        from pilote.territoires.models import Territory

        for line in machine_lines() + database_lines():
            print(line)
        region = Territory.objects.current().ars_regions().get(code="27")
        pages = {
            "national dashboard": "/tableau-de-bord/",
            f"region page ({region.name})": f"/tableau-de-bord/{region.code}/",
            "open data donnees.json": "/tableau-de-bord/donnees.json",
            "catalogue": "/catalogue/",
        }
        client = Client()
        seconds = settings.PILOTE_PUBLIC_CACHE_SECONDS
        print(f"CPU ms per warm anonymous request (median / best of {args.runs}), queries:")
        for name, url in pages.items():
            settings.PILOTE_PUBLIC_CACHE_SECONDS = 0
            before = measure(client, url, args.runs)
            settings.PILOTE_PUBLIC_CACHE_SECONDS = seconds
            caches["public"].clear()
            after = measure(client, url, args.runs)
            print(
                f"  {name:<42} without cache {before[0]:6.1f} / {before[1]:6.1f} ms, "
                f"{before[2]:2d} queries   with cache {after[0]:5.2f} / {after[1]:5.2f} ms, "
                f"{after[2]} query   (× {before[0] / after[0]:.0f})"
            )


if __name__ == "__main__":
    main()
