"""Benchmark: import a generated 100,000-line FINESS extraction, then re-import it.

    .venv/bin/python bench/finess_import.py [--lines 100000] [--keep]

Runs each import as a separate `pilote import_finess` process on a fresh database (SQLite under
a temporary folder, or DATABASE_URL if set) and prints its wall time and peak memory (max RSS).
Targets on the reference machine: first import < 30 s, re-import < 15 s, peak memory < 300 MB.
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

TARGETS = {"first import (s)": 30.0, "re-import (s)": 15.0, "peak memory (MB)": 300.0}


def finess_departement_codes() -> list[str]:
    import csv

    overseas = {"971": "9A", "972": "9B", "973": "9C", "974": "9D", "976": "9F"}
    with (ROOT / "pilote/territoires/data/departements.csv").open(encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    return [overseas.get(c, c) for c in codes if len(c) == 2 or c in overseas]


def run(cmd: list[str], env: dict) -> tuple[float, float, str]:
    """Wall time (s), peak RSS (MB) and output of one child process."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{text}")
    return elapsed, usage.ru_maxrss / 1024, text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000, help="establishment lines")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    from pilote.acteurs.finess_sample import establishment_rows, write_finess

    workdir = Path(tempfile.mkdtemp(prefix="pilote-bench-finess-"))
    import secrets

    # production-like settings: DEBUG off (no query log), a throwaway secret key
    env = dict(
        os.environ,
        PILOTE_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        PILOTE_VAR_DIR=str(workdir),
    )
    pilote = [str(ROOT / ".venv/bin/pilote")]
    departements = finess_departement_codes()
    per_departement = -(-args.lines // len(departements))
    path = workdir / "etalab-cs1100507-stock-20261120-0400.csv"
    start = time.perf_counter()
    rows = establishment_rows(departements, per_departement, seed=42)
    total = write_finess(path, (r for _, r in zip(range(args.lines), rows, strict=False)))
    print(
        f"generated {total:,} lines ({path.stat().st_size / 1e6:.1f} MB, "
        f"{len(departements)} départements) in {time.perf_counter() - start:.1f} s"
    )

    run(pilote + ["migrate", "-v0"], env)
    run(pilote + ["load_reference"], env)
    first, first_rss, first_out = run(
        pilote + ["import_finess", str(path), "--quiet-progress"], env
    )
    print(first_out.strip().splitlines()[-1])
    second, second_rss, second_out = run(
        pilote + ["import_finess", str(path), "--quiet-progress"], env
    )
    print(second_out.strip().splitlines()[-1])
    figures = {
        "first import (s)": first,
        "re-import (s)": second,
        "peak memory (MB)": max(first_rss, second_rss),
    }
    database = os.environ.get("DATABASE_URL", "sqlite (temporary file)").split("@")[-1]
    print(f"\nFINESS import benchmark — {args.lines:,} establishments, database: {database}")
    failed = False
    for name, value in figures.items():
        ok = value < TARGETS[name]
        failed |= not ok
        print(
            f"  {name:<18} {value:8.1f}   target < {TARGETS[name]:g}   {'OK' if ok else 'MISSED'}"
        )
    if not args.keep:
        import shutil

        shutil.rmtree(workdir)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
