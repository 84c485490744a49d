"""A throwaway PostgreSQL 15 cluster for the fault tests, started as scripts/with-postgres
does (initdb in a temporary folder, trust authentication on the loopback), which a test may
restart (`pg_ctl restart -m fast`: every session is cut, as in a real restart)."""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _pgbin() -> Path:
    pg_ctl = shutil.which("pg_ctl") or "/usr/lib/postgresql/15/bin/pg_ctl"
    return Path(os.path.realpath(pg_ctl)).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> list[str]:
    """initdb refuses to run as root: as root, the cluster runs as 'postgres' (or 'nobody')."""
    if os.getuid() != 0:
        return []
    for owner in ("postgres", "nobody"):
        try:
            pwd.getpwnam(owner)
        except KeyError:
            continue
        return ["runuser", "-u", owner, "--"]
    raise RuntimeError("no user to run PostgreSQL as")


class Cluster:
    def __init__(self):
        self.bin = _pgbin()
        self.run_as = _run_as()
        self.folder = Path(tempfile.mkdtemp(prefix="pilote-pg-"))
        if self.run_as:
            shutil.chown(self.folder, self.run_as[2])
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://pilote@127.0.0.1:{self.port}/pilote"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - PostgreSQL's own tools
            [
                *self.run_as,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "log"),
                *args,
            ],
            check=True,
            capture_output=True,
        )

    def start(self) -> "Cluster":
        subprocess.run(  # noqa: S603
            [
                *self.run_as,
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "pilote",
                "-A",
                "trust",
            ]
            + ["-E", "UTF8", "--locale=C.UTF-8"],
            check=True,
            capture_output=True,
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("-w", "-o", options, "start")
        subprocess.run(  # noqa: S603
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "pilote"]
            + ["pilote"],
            check=True,
        )
        return self

    def restart(self) -> None:
        """Fast shutdown (open sessions are terminated, their transactions rolled back)."""
        self._pg_ctl("-w", "-m", "fast", "restart")

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def connect(self, **kwargs):
        import psycopg

        return psycopg.connect(self.url.replace("postgres://", "postgresql://"), **kwargs)
