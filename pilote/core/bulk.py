"""Fast inserts and updates of many rows together with their django-simple-history rows.

Django's bulk_create compiles every value through the ORM and, on SQLite, splits batches into
27-row statements (999 parameters); for a full FINESS extraction (180,000 rows and as many
history rows) that is most of the import time. Here each batch is one `executemany` of a
prepared INSERT on SQLite, one COPY on PostgreSQL, for the business table and for its history
table, in the caller's transaction. Only plain values are supported (no expressions); dates
and datetimes are adapted by the database backend.
"""

import datetime
import itertools
import json
import logging
import operator
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import DatabaseError, connection, models, transaction
from django.db.models.expressions import RawSQL
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.core import public_cache

logger = logging.getLogger(__name__)


def _target(table: str, columns: Sequence[str]) -> str:
    """`"table" ("column", …)` for COPY and INSERT: identifiers from model metadata, quoted;
    values are always bound parameters."""
    quote = connection.ops.quote_name
    return "{} ({})".format(quote(table), ", ".join(quote(c) for c in columns))


@contextmanager
def copy_writer(table: str, columns: Sequence[str]) -> Iterator[Callable[[Sequence], None]]:
    """PostgreSQL: `write(row)` into one COPY … FROM STDIN. The server inserts rows as they
    arrive, so a producer that checks rows one by one runs alongside it (on another core)."""
    copy_sql = f"COPY {_target(table, columns)} FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        yield copy.write_row


STREAM_ROWS = 2500  # rows per INSERT statement of stream_writer on SQLite


@contextmanager
def stream_writer(table: str, columns: Sequence[str]) -> Iterator[Callable[[Sequence], None]]:
    """`write(row)` for rows inserted, in the caller's transaction, while the caller goes on
    producing the next ones; no other query may run on the connection meanwhile. PostgreSQL:
    one COPY (the server inserts on its own core). SQLite: a thread runs multi-row INSERTs of
    the rows queued so far; SQLite releases the GIL for the whole statement, so checking the
    next rows and inserting the previous ones overlap on two cores (a million-value import:
    reading and checks, 4 s, hidden behind the 5 s of inserts). One row per executemany step
    would not: the thread would wait for the GIL after every row."""
    writer = copy_writer if connection.vendor == "postgresql" else _sqlite_inserter
    with connection.wrap_database_errors, writer(table, columns) as write:
        yield write


@contextmanager
def _sqlite_inserter(table: str, columns: Sequence[str]) -> Iterator[Callable[[Sequence], None]]:
    if not connection.in_atomic_block:  # several statements: all or nothing needs a transaction
        raise TransactionManagementError("stream_writer writes inside transaction.atomic()")
    raw = connection.connection  # Django opens it with check_same_thread=False
    size = max(
        1, min(STREAM_ROWS, raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(columns))
    )
    head = f"INSERT INTO {_target(table, columns)} VALUES "  # noqa: S608 (see _target)
    one = "({})".format(", ".join(["?"] * len(columns)))
    full = head + ", ".join([one] * size)
    batches: queue.Queue = queue.Queue(maxsize=4)
    failures: list[Exception] = []
    stop = threading.Event()  # the caller failed: write nothing more

    def insert() -> None:
        cursor = None
        try:
            cursor = raw.cursor()
        except Exception as exc:  # raised in the caller's thread below
            failures.append(exc)
        for rows in iter(batches.get, None):
            # after a failure, drain without writing, so that the caller never blocks; and
            # never write outside the caller's transaction (each INSERT would commit alone)
            if failures or stop.is_set() or not raw.in_transaction:
                continue
            try:
                if len(rows) == size:
                    cursor.execute(full, list(itertools.chain.from_iterable(rows)))
                else:
                    cursor.executemany(head + one, rows)
            except Exception as exc:  # raised in the caller's thread below
                failures.append(exc)
        if cursor is not None:
            cursor.close()

    thread = threading.Thread(target=insert, name="pilote-inserts", daemon=True)
    thread.start()
    pending: list = []

    def write(row: Sequence) -> None:
        nonlocal pending
        pending.append(row)
        if len(pending) == size:
            batches.put(pending)
            pending = []

    try:
        yield write
    except BaseException:
        stop.set()
        raise
    else:
        if pending:
            batches.put(pending)
    finally:
        _end_thread(thread, batches, stop)
    if failures:
        raise failures[0]


def _end_thread(thread: threading.Thread, batches: queue.Queue, stop: threading.Event) -> None:
    """Send the end and wait for the thread, even through an interruption (Ctrl+C, a worker's
    second SIGTERM): the caller's transaction must not roll back while the thread writes."""
    interruption: BaseException | None = None
    sent = False
    while thread.is_alive():
        try:
            if not sent:
                batches.put(None, timeout=0.1)
                sent = True
            thread.join(timeout=0.1)
        except queue.Full:
            continue
        except BaseException as exc:  # noqa: BLE001 (raised once the thread has ended)
            stop.set()
            interruption = interruption or exc
    if interruption is not None:
        raise interruption


def among(values: Iterable) -> RawSQL:
    """The right-hand side of `field__in=` for thousands of values, bound as ONE parameter
    (an array on PostgreSQL, a JSON list on SQLite): `__in=[…]` binds one parameter per value,
    which Django prepares one by one and psycopg renumbers, 5 s of a 100,000-line FINESS
    import. Plain strings and integers only."""
    values = list(values)
    if connection.vendor == "postgresql":
        kind = "bigint" if all(isinstance(v, int) for v in values) else "text"
        return RawSQL(f"SELECT unnest(%s::{kind}[])", [values])  # noqa: S611 (kind: a literal)
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """One executemany (SQLite) or COPY (PostgreSQL) of plain rows into `table`."""
    if connection.vendor == "postgresql":  # COPY is several times faster than INSERTs there
        with copy_writer(table, columns) as write:
            for row in rows:
                write(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {_target(table, columns)} VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))


def _adapter(field: models.Field):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None


def prepare_rows(fields: list[models.Field], rows: list[dict]) -> list[tuple]:
    """Tuples in the order of `fields`, missing values defaulted, dates adapted for the
    database. Imports repeat a few dates (the same history date, extraction dates): each
    distinct one is adapted once."""
    names = [f.attname for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    getter = operator.itemgetter(*names)
    adapted = [(i, adapter, {}) for i, f in enumerate(fields) if (adapter := _adapter(f))]
    prepared = []
    for row in rows:
        values = getter({**defaults, **row})
        if adapted:
            values = list(values)
            for i, adapt, seen in adapted:
                value = values[i]
                if value is not None:
                    if value not in seen:
                        seen[value] = adapt(value)
                    values[i] = seen[value]
            values = tuple(values)
        prepared.append(values if len(names) > 1 else (values,))
    return prepared


def insert_with_history(
    model: type[models.Model],
    rows: list[dict],
    *,
    key: str,
    lookup: models.QuerySet,
    acting_user,
    reason: str,
) -> dict:
    """Insert `rows` (dicts of attnames) and one "+" history row each; return {key: pk}.

    `lookup` is the queryset in which `key` is unique (e.g. legal entities by FINESS EJ)."""
    if not rows:
        return {}
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    insert_rows(model._meta.db_table, [f.column for f in fields], prepare_rows(fields, rows))
    public_cache.changed(model)  # no signal is sent
    keys = [row[key] for row in rows]
    ids = dict(lookup.filter(**{f"{key}__in": among(keys)}).values_list(key, "pk"))
    pk_name = model._meta.pk.attname
    _history_rows(
        model,
        [{**row, pk_name: ids[row[key]]} for row in rows],
        history_type="+",
        acting_user=acting_user,
        reason=reason,
    )
    return ids


def _history_rows(
    model, rows: list[dict], *, history_type: str, acting_user, reason: str, date=None
):
    """Write one history row per row (dicts of the model's attnames, primary key included)."""
    history_model = model.history.model
    extra = {
        "history_date": date or timezone.now(),
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user_id": acting_user.pk if acting_user is not None else None,
    }
    history_fields = [f for f in history_model._meta.concrete_fields if f.attname != "history_id"]
    insert_rows(
        history_model._meta.db_table,
        [f.column for f in history_fields],
        prepare_rows(history_fields, [{**row, **extra} for row in rows]),
    )


UPDATE_CHUNK = 5000


def update_with_history(
    model: type[models.Model],
    names: Sequence[str],
    changes: dict[int, dict],
    *,
    acting_user,
    reason: str,
) -> None:
    """Set the fields `names` (attnames) of each row {pk: {name: value}} and write one "~"
    history row each, with the whole row as it now is. A row written without history (values
    created by a bulk import, traced by their import job) first gets a "+" row of its state
    before the change, so that the change keeps its before and after.

    Django's bulk_update builds a CASE WHEN per field over every row of a batch: for 5,000
    establishments × 26 fields, compiling and evaluating it took 30 s of a FINESS re-import.
    Here it is one prepared UPDATE per row in one executemany (psycopg pipelines them)."""
    if not changes:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 (identifiers from metadata)
        quote(meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(meta.pk.column),
    )
    pk_name = meta.pk.attname
    prepared = prepare_rows(
        [*fields, meta.pk], [{**values, pk_name: pk} for pk, values in changes.items()]
    )
    attnames = [f.attname for f in meta.concrete_fields]
    history = model.history.model
    before_date = timezone.now() - datetime.timedelta(microseconds=1)

    def rows_of(pks: list[int]) -> list[dict]:
        return list(model._base_manager.filter(pk__in=among(pks)).values(*attnames))

    public_cache.changed(model)  # no signal is sent
    pks = list(changes)  # in the order of `prepared`
    for start in range(0, len(pks), UPDATE_CHUNK):
        chunk = pks[start : start + UPDATE_CHUNK]
        recorded = history.objects.filter(**{f"{pk_name}__in": among(chunk)})
        known = set(recorded.values_list(pk_name, flat=True))
        if unknown := [pk for pk in chunk if pk not in known]:
            _history_rows(
                model,
                rows_of(unknown),
                history_type="+",
                acting_user=None,
                reason=_("état avant la modification (écrit sans historique)"),
                date=before_date,
            )
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared[start : start + UPDATE_CHUNK])
        _history_rows(
            model, rows_of(chunk), history_type="~", acting_user=acting_user, reason=reason
        )


# Fewer rows written than this: no ANALYZE. A few thousand rows of a new period estimated at one
# by the planner still make a fast plan, while ANALYZE samples the whole table (30,000 rows on
# PostgreSQL) inside the request: a 5-value import into a report paid for it every time.
ANALYZE_MIN_ROWS = 5_000


def analyze_after_commit(*models_: type[models.Model], rows: int | None = None) -> None:
    """Refresh the planner's statistics of these models' tables once the transaction commits,
    if `rows` (the rows written, when the caller knows them) reaches ANALYZE_MIN_ROWS.

    A bulk import adds rows faster than PostgreSQL's autovacuum notices them: 1 million new
    values of a period stay under its threshold (10 % of a 10-million-row table), the planner
    still estimates 1 row for that period and picks a nested loop (the region page of the period
    just accepted took 2–3 s instead of 0.3). On SQLite `analysis_limit` keeps ANALYZE to a
    sample of each index rather than a full scan."""
    if rows is not None and rows < ANALYZE_MIN_ROWS:
        return
    tables = [connection.ops.quote_name(m._meta.db_table) for m in models_]

    def analyze() -> None:
        try:
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.execute("PRAGMA analysis_limit=1000")
                for table in tables:
                    cursor.execute(f"ANALYZE {table}")
        except DatabaseError:  # statistics are an optimisation: the import itself is committed
            logger.exception("ANALYZE after a bulk import failed")

    transaction.on_commit(analyze)
