"""Runs `pilote <arguments>` in this very process, then writes its peak resident memory (MB) to
the file named by BENCH_PEAK_FILE: the benchmarks' figure of a command's memory.

    BENCH_PEAK_FILE=peak.txt .venv/bin/python bench/peak.py import_finess file.csv

A fresh interpreter holds only the command: the `ru_maxrss` that `wait4` gives a parent counts
the parent's own size as well (see bench.common.own_peak_mb)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import own_peak_mb  # noqa: E402


def main() -> None:
    from pilote.manage import main as pilote

    target = Path(os.environ.get("BENCH_PEAK_FILE") or sys.exit("BENCH_PEAK_FILE is not set"))
    sys.argv = ["pilote", *sys.argv[1:]]
    try:
        pilote()
    finally:
        target.write_text(f"{own_peak_mb():.1f}")


if __name__ == "__main__":
    main()
