"""What every benchmark prints so that runs on different machines, or on a loaded one, can be
compared: the Python version, the processor, the load, a CPU reference figure; and the helpers
that turn samples into honest figures (ranges over several runs, cold beside warm)."""

import os
import platform
import statistics
import sys
import time


def cpu_reference_ms() -> float:
    """Best of 5 of a fixed pure-Python workload (what Pilote's imports and pages mostly do):
    divide a figure measured here by this one's ratio to another machine's to compare them."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        total = 0
        for i in range(200_000):
            total += i * i % 7
        text = ";".join(str(i) for i in range(50_000)).split(";")
        best = min(best, time.perf_counter() - start)
    assert total and text
    return best * 1000


def own_peak_mb() -> float:
    """This process's peak resident memory in MB (Linux's VmHWM). Not `ru_maxrss`: a process
    inherits its parent's high-water mark across fork and exec, so a child of a large process
    reports the parent's size (the import child of bench/dashboard.py reported 2.3 GB, the size
    of the process that had generated 10 million values, for its own 0.4 GB)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM is not in /proc/self/status")


def processor() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_lines() -> list[str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    cores = os.cpu_count() or 1
    return [
        f"Python {platform.python_version()} ({sys.implementation.name}), {processor()}, "
        f"{cores} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        f"CPU reference (pure-Python loop, best of 5): {cpu_reference_ms():.0f} ms"
        + ("   — the machine is busy: wall times are inflated" if load[0] > cores else ""),
    ]


def database_lines() -> list[str]:
    """The database and, on PostgreSQL, the durability settings the figures were measured
    with (fsync and full-page writes off make writes faster than in production)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return [f"database: SQLite {connection.Database.sqlite_version} (file)"]
    with connection.cursor() as cursor:
        settings = {}
        for name in (
            "server_version",
            "fsync",
            "full_page_writes",
            "synchronous_commit",
            "shared_buffers",
            "max_wal_size",
        ):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    warning = ""
    if settings["fsync"] != "on" or settings["full_page_writes"] != "on":
        warning = "   — NOT production settings: run through bench/with-postgres"
    return [
        f"database: PostgreSQL {settings['server_version']}, fsync {settings['fsync']}, "
        f"full_page_writes {settings['full_page_writes']}, "
        f"synchronous_commit {settings['synchronous_commit']}, shared_buffers "
        f"{settings['shared_buffers']}, max_wal_size {settings['max_wal_size']}{warning}"
    ]


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20)[-1]


def span(values: list[float], fmt: str = "{:.1f}") -> str:
    """ "1.2–1.5" (min–max) or "1.2" for one value."""
    low, high = min(values), max(values)
    return (
        fmt.format(low)
        if fmt.format(low) == fmt.format(high)
        else (f"{fmt.format(low)}–{fmt.format(high)}")
    )


def production_environment(workdir, **extra: str) -> None:
    """The environment of an in-process benchmark: bench.settings (production settings, DEBUG
    off, plain HTTP), a fresh secret key, the database and files in `workdir`."""
    import secrets

    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PILOTE_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        PILOTE_VAR_DIR=str(workdir),
        PILOTE_ALLOWED_HOSTS="testserver",
        **extra,
    )
