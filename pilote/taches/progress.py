"""The live progress of a running job, written by the worker and read by the web pages.

It is kept in a small JSON file per job (`settings.PILOTE_JOBS_DIR`), not in the database: an
import writes everything in one transaction, and on SQLite no other connection may write
while it runs (on PostgreSQL, a row updated inside it would be invisible until the end). With
several machines, PILOTE_JOBS_DIR is a shared folder, like the uploaded files."""

import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings


@dataclass
class Progress:
    phase: str = ""
    done: int = 0
    total: int | None = None
    unit: str = ""  # what is counted, in French ("lignes", "octets")

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return max(0, min(100, int(self.done * 100 / self.total)))


def _path(job_id: int) -> Path:
    return Path(settings.PILOTE_JOBS_DIR) / "progress" / f"{int(job_id)}.json"


def read(job_id: int) -> Progress | None:
    """The last progress the worker reported, or None (not started, or finished)."""
    try:
        data = json.loads(_path(job_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Progress(
        data.get("phase", ""), int(data.get("done", 0)), data.get("total"), data.get("unit", "")
    )


def clear(job_id: int) -> None:
    _path(job_id).unlink(missing_ok=True)


class Reporter:
    """What a job's work calls as it goes: `reporter(phase, done, total, unit)`. Writes at most
    every `every` seconds, and whenever the phase changes."""

    def __init__(self, job_id: int, every: float = 0.3):
        self.job_id = job_id
        self.every = every
        self.last = Progress()
        self._written_at = 0.0

    def __call__(self, phase: str, done: int, total: int | None = None, unit: str = "") -> None:
        changed_phase = phase != self.last.phase
        self.last = Progress(phase, int(done), int(total) if total else None, unit)
        now = time.monotonic()
        if changed_phase or now - self._written_at >= self.every:
            self._write()
            self._written_at = now

    def _write(self) -> None:
        path = _path(self.job_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        # written aside then renamed: a reader never sees half a file
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(asdict(self.last), out)
        os.replace(temporary, path)
