"""Probes of the load balancer and the supervisor: public, JSON, cheap.

- `/api/v1/health` (liveness): the process answers; touches no database, so that a database
  outage does not get every web process restarted.
- `/api/v1/ready` (readiness): the database answers and every migration of this code is
  applied; 503 otherwise, with the reason in French. A process is sent traffic only when ready
  (docs/dev/deploiement.md, upgrades).
"""

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Router, Status

logger = logging.getLogger(__name__)
router = Router(tags=["système"])

# Once this code's migrations are all applied they stay applied: checked again only until then.
_migrations_applied = False


def pending_migrations() -> list[str]:
    """The migrations of this code not yet applied to the database, as "app.name"."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def readiness() -> tuple[int, dict]:
    global _migrations_applied
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = [] if _migrations_applied else pending_migrations()
    except DatabaseError:
        # the reason (host, user) is for the logs, not for a public page
        logger.exception("readiness: database unreachable")
        return 503, {"status": "unavailable", "detail": _("La base de données ne répond pas.")}
    if pending:
        detail = ngettext(
            "%(n)d migration à appliquer (pilote migrate) : %(names)s",
            "%(n)d migrations à appliquer (pilote migrate) : %(names)s",
            len(pending),
        ) % {"n": len(pending), "names": ", ".join(pending[:10])}
        return 503, {"status": "unavailable", "detail": detail}
    _migrations_applied = True
    return 200, {"status": "ok"}


@router.get("/health", auth=None, summary="Le service répond (sans base de données)")
def health(request):
    return {"status": "ok"}


@router.get(
    "/ready",
    auth=None,
    response={200: dict, 503: dict},
    summary="Prêt à servir : base joignable, migrations appliquées",
)
def ready(request):
    return Status(*readiness())
