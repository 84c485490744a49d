"""Read replicas for the public pages (scale-out, docs/dev/deploiement.md).

With `PILOTE_REPLICA_URL` set (a PostgreSQL streaming replica of the primary), the settings add
the database alias `replica` and this router. The views wrapped in `public_read` — the public
dashboard, its open data, the public catalogue and the public indicator API — read their data
from the replica; everything else, and every write, uses the primary (`default`). Accounts,
sessions, login throttling and jobs are always read from the primary, so that a session created
a millisecond ago on the primary is found even on a public page. A replica lags by a fraction
of a second: only pages that show published data, which changes when a report is accepted, go
there. Without `PILOTE_REPLICA_URL`, nothing changes."""

import contextvars
import functools

from django.conf import settings

REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "comptes", "axes", "contenttypes", "admin", "django_tasks_db", "taches"}
)
_public_read = contextvars.ContextVar("pilote_public_read", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data: the replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica receives the schema by replication


def public_read(view):
    """The view reads from the replica when there is one."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if REPLICA not in settings.DATABASES:
            return view(*args, **kwargs)
        token = _public_read.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _public_read.reset(token)

    return wrapped
