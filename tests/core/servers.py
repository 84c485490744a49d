"""`pilote serve` started for a test module: gunicorn with DEBUG off, as production runs it."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.core.pg_cluster import free_port

PILOTE = [sys.executable, "-m", "pilote.manage"]


def start_server(env: dict, log) -> tuple[subprocess.Popen, str]:
    """The server process and its base URL, once `/api/v1/health` answers."""
    port = free_port()
    with open(log, "w") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command
            [*PILOTE, "serve", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/v1/health", timeout=5)  # noqa: S310 - loopback
            return process, base
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail(Path(log).read_text())
