"""Benchmark: import a generated 100,000-line FINESS extraction, re-import it unchanged, then
import a corrected extraction (one establishment in 20 renamed).

    .venv/bin/python bench/finess_import.py [--lines 100000] [--quick] [--keep]
    bench/with-postgres .venv/bin/python bench/finess_import.py      # PostgreSQL, fsync on

Runs each import as a separate `pilote import_finess` process on a fresh database (SQLite under
a temporary folder, or DATABASE_URL if set) and prints its wall time, its CPU time (on a busy
machine the wall time is inflated, the CPU time much less), and peak memory (max RSS).
`--quick`: 20,000 lines, a run of a couple of minutes. Targets on this 2-core machine: first
import ≤ 30 s, re-import ≤ 15 s, peak memory < 300 MB.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {
    "first import (s)": 30.0,
    "re-import (s)": 15.0,
    "corrected re-import (s)": 15.0,
    "peak memory (MB)": 300.0,
}


def finess_departement_codes() -> list[str]:
    import csv

    overseas = {"971": "9A", "972": "9B", "973": "9C", "974": "9D", "976": "9F"}
    with (ROOT / "pilote/territoires/data/departements.csv").open(encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    return [overseas.get(c, c) for c in codes if len(c) == 2 or c in overseas]


def run(cmd: list[str], env: dict) -> tuple[float, float, str, float]:
    """Wall time (s), peak RSS (MB, written by bench/peak.py), output and CPU time (s) of one
    child process."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        process = subprocess.Popen(
            cmd,
            env={**env, "BENCH_PEAK_FILE": peak.name},
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        peak_mb = float(peak.read() or "nan")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{text}")
    return elapsed, peak_mb, text, usage.ru_utime + usage.ru_stime


def corrected(rows, every: int = 20):
    """The same establishments, one in `every` with a corrected long name."""
    for index, row in enumerate(rows):
        if index % every == 0:
            row = list(row)
            row[4] = (row[4] + " (corrige)")[:60]
        yield row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000, help="establishment lines")
    parser.add_argument("--quick", action="store_true", help="20,000 lines")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.quick:
        args.lines = 20_000

    from bench.common import database_lines, machine_lines
    from pilote.acteurs.finess_sample import establishment_rows, write_finess

    for line in machine_lines():
        print(line)
    workdir = Path(tempfile.mkdtemp(prefix="pilote-bench-finess-"))
    import secrets

    # production-like settings: DEBUG off (no query log), a throwaway secret key
    env = dict(
        os.environ,
        PILOTE_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        PILOTE_VAR_DIR=str(workdir),
    )
    # `pilote` run by bench/peak.py: the command's own peak memory, not this process's
    pilote = [sys.executable, str(ROOT / "bench/peak.py")]
    departements = finess_departement_codes()
    per_departement = -(-args.lines // len(departements))
    path = workdir / "etalab-cs1100507-stock-20261120-0400.csv"
    fixed = workdir / "fixed" / "etalab-cs1100507-stock-20261127-0400.csv"
    fixed.parent.mkdir()
    start = time.perf_counter()

    def rows():
        generated = establishment_rows(departements, per_departement, seed=42)
        return (r for _, r in zip(range(args.lines), generated, strict=False))

    total = write_finess(path, rows())
    write_finess(fixed, corrected(rows()))
    print(
        f"generated {total:,} lines ({path.stat().st_size / 1e6:.1f} MB, "
        f"{len(departements)} départements) and its correction in "
        f"{time.perf_counter() - start:.1f} s"
    )

    run(pilote + ["migrate", "-v0"], env)
    run(pilote + ["load_reference"], env)
    os.environ.update(env, DJANGO_SETTINGS_MODULE="pilote.settings.base")
    import django

    django.setup()
    for line in database_lines():
        print(line)
    figures, cpu, rss = {}, {}, []
    for name, file in (
        ("first import (s)", path),
        ("re-import (s)", path),
        ("corrected re-import (s)", fixed),
    ):
        wall, peak, out, used = run(pilote + ["import_finess", str(file), "--quiet-progress"], env)
        print(f"  {name}: {out.strip().splitlines()[-1]}")
        figures[name], cpu[name] = wall, used
        rss.append(peak)
    figures["peak memory (MB)"] = max(rss)
    database = os.environ.get("DATABASE_URL", "sqlite (temporary file)").split("@")[-1]
    print(f"\nFINESS import benchmark — {args.lines:,} establishments, database: {database}")
    failed = False
    for name, value in figures.items():
        ok = value <= TARGETS[name]
        failed |= not ok
        used = f"   (CPU {cpu[name]:.1f} s)" if name in cpu else ""
        print(
            f"  {name:<24} {value:8.1f}   target ≤ {TARGETS[name]:g}   "
            f"{'OK' if ok else 'MISSED'}{used}"
        )
    if not args.keep:
        import shutil

        shutil.rmtree(workdir)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
