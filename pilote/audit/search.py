"""Search the history of every business object: who changed what, when, before → after.

Every model that django-simple-history tracks (`history = HistoricalRecords()`) is an object
type here, found at run time: a model added later appears without any change to this module.

A page is read without loading whole historical tables: each table is filtered in SQL and only
its most recent `offset + page size` rows are kept (a LIMIT subquery that uses the table's
`history_date` index); the database merges those (UNION ALL, ORDER BY date, LIMIT) and only the
page's rows are then read in full, with their previous versions, in a few queries per object
type present on the page.
"""

import datetime
import inspect
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import connection, models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import localize, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pilote.comptes.models import User
from pilote.core.history_view import (
    CHANGE_TYPES,
    SYSTEM_USER,
    FieldChange,
    change_reason,
    describe_changes,
    with_parents,
)
from pilote.territoires.models import Territory

PAGE_SIZE = 50
EXPORT_CAP = 100_000
# How an object belongs to a region, in order of preference; a model with none is national.
REGION_PATHS = ("region", "organisation__region", "project__region", "strategy__region")
# Typed in the user filter, these select the changes made without an account (imports…).
SYSTEM_WORDS = {"système", "systeme", "system"}
ORDER = ("-history_date", "-history_id")
EXPORT_CHUNK = 1000


def history_models() -> list[type[models.Model]]:
    """Every model whose history django-simple-history records (the ones declaring
    `history = HistoricalRecords()`; simple_history marks their options when it registers
    them), in the order of INSTALLED_APPS."""
    return [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]


@cache
def historical_model(model) -> type[models.Model]:
    """The model of `model`'s history table. Read from the descriptor: `model.history` builds a
    new manager class on every access (about 3 ms), too slow for a page touching 30 tables."""
    return inspect.getattr_static(model, model._meta.simple_history_manager_attribute).model


def type_key(model) -> str:
    return model._meta.label_lower


def type_label(model) -> str:
    return capfirst(str(model._meta.verbose_name))


def object_types() -> list[tuple[str, str]]:
    """(key, French name) of every object type, sorted by name, for the type filter."""
    return sorted(
        ((type_key(m), type_label(m)) for m in history_models()), key=lambda t: t[1].casefold()
    )


def _forward_field(model, name: str):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if (field.many_to_one or field.one_to_one) and field.concrete else None


def _leads_to_region(model, path: str) -> bool:
    for name in path.split("__"):
        field = _forward_field(model, name)
        if field is None:
            return False
        model = field.related_model
    return model is Territory


def region_paths(model) -> tuple[str, ...]:
    """The lookups that give the region of an object of `model`, first one first.

    The first of REGION_PATHS that the model has (a `region` field, else its organisation's,
    its project's or its strategy's region); when that link may be empty, the next ones are
    kept as fallbacks (a document belongs to a project or to a strategy). Empty: a national
    object (territories, the cadre commun, accounts…), never in a region's results."""
    paths = []
    for path in REGION_PATHS:
        if not _leads_to_region(model, path):
            continue
        paths.append(path)
        if not _forward_field(model, path.split("__")[0]).null:
            break
    return tuple(paths)


def _region_condition(paths: tuple[str, ...], region_ids: list[int]) -> Q:
    """Q for "the first non-empty link among `paths` leads to one of `region_ids`"."""
    condition = None
    for path in reversed(paths):
        here = Q(**{f"{path}__in": region_ids})
        if condition is not None:
            here |= Q(**{f"{path.split('__')[0]}__isnull": True}) & condition
        condition = here
    return condition


@dataclass(frozen=True)
class AuditFilters:
    user: str = ""
    object_type: str = ""  # a type_key(), empty for every type
    region: Territory | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass
class AuditEntry:
    date: datetime.datetime
    user_name: str
    user_email: str
    object_type: str
    object_label: str
    object_url: str
    kind: str
    reason: str
    changes: list[FieldChange]


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _user_condition(text: str) -> Q | None:
    """Rows by the accounts whose e-mail or name holds every word of `text` (None: there is no
    such account); "système" selects the rows without an account. The accounts are looked up
    once here rather than as a subquery compiled into each of the tables' queries."""
    if text.casefold() in SYSTEM_WORDS:
        return Q(history_user__isnull=True)
    accounts = Q()
    for word in text.split():
        accounts &= (
            Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
        )
    ids = list(User.objects.filter(accounts).values_list("pk", flat=True))
    return Q(history_user_id__in=ids) if ids else None


class AuditSearch:
    """The history entries the filters select, newest first, across every historical table.

    Countable and sliceable (`search[50:100]` builds those 50 entries), so Django's Paginator
    pages it; the count stops at EXPORT_CAP + 1."""

    def __init__(self, filters: AuditFilters):
        self.filters = filters
        models_ = history_models()
        if filters.object_type:
            models_ = [m for m in models_ if type_key(m) == filters.object_type]
        if filters.region is not None:
            models_ = [m for m in models_ if region_paths(m)]
        self.models = models_

    @cached_property
    def _region_ids(self) -> list[int]:
        """The region and the former regions merged into it (2016)."""
        region = self.filters.region
        return [region.pk, *region.predecessors.values_list("pk", flat=True)]

    @cached_property
    def _common_condition(self) -> Q | None:
        """The author and date conditions, the same for every table (None: nothing matches)."""
        f = self.filters
        condition = Q()
        if f.user.strip():
            by_user = _user_condition(f.user.strip())
            if by_user is None:
                return None
            condition &= by_user
        if f.date_from:
            condition &= Q(history_date__gte=_start_of(f.date_from))
        if f.date_to:
            condition &= Q(history_date__lt=_start_of(f.date_to + datetime.timedelta(days=1)))
        return condition

    def rows(self, model) -> models.QuerySet:
        """The filtered historical rows of one model (not ordered)."""
        rows = historical_model(model)._default_manager.filter(self._common_condition)
        if self.filters.region is not None:
            rows = rows.filter(_region_condition(region_paths(model), self._region_ids))
        return rows

    @cached_property
    def _searched(self) -> list[type[models.Model]]:
        """The models to read: none when the author filter matches no account."""
        return [] if self._common_condition is None else self.models

    @cached_property
    def _compiled(self) -> list[tuple[str, tuple]]:
        """Each table's filtered rows as SQL selecting (history_date, history_id), compiled once
        by the ORM: the count and the pages wrap these, which costs far less than letting the
        ORM compile a 30-table UNION (≈ 100 ms of Python per page)."""
        return [
            self.rows(m)
            .order_by()
            .values_list("history_date", "history_id")
            .query.sql_with_params()
            for m in self._searched
        ]

    def count(self) -> int:
        cached = getattr(self, "_count", None)
        if cached is None:
            cached = self._count = self._count_up_to(EXPORT_CAP + 1)
        return cached

    def _union(self, member: str, *extra) -> tuple[str, list]:
        """`member` ({sql}: a table's compiled rows, {index}: its model) for every table, joined
        by UNION ALL, with the parameters (each table's, then `extra`). The fragments come from
        the ORM compiler and model metadata; every value is a bound parameter."""
        parts, params = [], []
        for index, (sql, sql_params) in enumerate(self._compiled):
            parts.append(member.format(sql=sql, index=index))
            params += [*sql_params, *extra]
        return " UNION ALL ".join(parts), params

    def _count_up_to(self, cap: int) -> int:
        if not self._searched:
            return 0
        union, params = self._union("SELECT 1 FROM ({sql}) t{index}")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({union} LIMIT %s) counted", [*params, cap])  # noqa: S608
            return cursor.fetchone()[0]

    @property
    def is_capped(self) -> bool:
        return self.count() > EXPORT_CAP

    def keys(self, offset: int, limit: int) -> list[tuple[type[models.Model], int]]:
        """(model, history_id) of the entries offset … offset + limit, newest first.

        Each table gives its `offset + limit` most recent filtered rows (ORDER BY history_date
        DESC LIMIT, on its history_date index); one UNION ALL merges them in date order."""
        if not self._searched or limit <= 0:
            return []
        union, params = self._union(
            "SELECT * FROM (SELECT {index} AS model_index, t.history_date, t.history_id"
            " FROM ({sql}) t ORDER BY t.history_date DESC, t.history_id DESC LIMIT %s) t{index}",
            offset + limit,
        )
        order = " ORDER BY history_date DESC, history_id DESC, model_index LIMIT %s OFFSET %s"
        with connection.cursor() as cursor:
            cursor.execute(union + order, [*params, limit, offset])
            return [(self.models[index], history_id) for index, _date, history_id in cursor]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[AuditEntry]:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("AuditSearch only supports contiguous slices")
        start = key.start or 0
        stop = key.stop if key.stop is not None else self.count()
        return entries_for(self.keys(start, max(stop - start, 0)))

    def all_entries(self, cap: int = EXPORT_CAP) -> Iterator[AuditEntry]:
        """The first `cap` entries, built EXPORT_CHUNK at a time (for the exports)."""
        keys = self.keys(0, cap)
        for start in range(0, len(keys), EXPORT_CHUNK):
            yield from entries_for(keys[start : start + EXPORT_CHUNK])


def _records_with_previous(model, history_ids: list[int]) -> list[tuple]:
    """[(record, previous record of the same object or None)], in three queries at most."""
    history = historical_model(model)
    pk = model._meta.pk.attname
    same_object_before = history._default_manager.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
        **{pk: OuterRef(pk)},
    )
    records = list(
        history._default_manager.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(
            previous_history_id=Subquery(
                same_object_before.order_by(*ORDER).values("history_id")[:1]
            )
        )
    )
    wanted = [r.previous_history_id for r in records if r.history_type == "~"]
    previous = history._default_manager.in_bulk([i for i in wanted if i is not None])
    return [
        (r, previous.get(r.previous_history_id) if r.history_type == "~" else None) for r in records
    ]


def _object_label(model, record, live) -> str:
    if live is not None:
        return str(live)
    try:  # a deleted object: as its last version describes it
        return str(record.instance)
    except ObjectDoesNotExist:
        return f"{type_label(model)} n° {getattr(record, model._meta.pk.attname)}"


def entries_for(keys: list[tuple[type[models.Model], int]]) -> list[AuditEntry]:
    """The entries of `keys` (model, history_id), in that order: for each object type, its
    rows and their previous versions, the objects as they are now (label, link) and the names
    of related objects in changed fields, each in one query."""
    by_model: dict[type, list[int]] = defaultdict(list)
    for model, history_id in keys:
        by_model[model].append(history_id)
    built: dict[tuple[type, int], AuditEntry] = {}
    for model, history_ids in by_model.items():
        pairs = _records_with_previous(model, history_ids)
        changes = describe_changes(historical_model(model), pairs)
        pk = model._meta.pk.attname
        live = with_parents(model._default_manager.all()).in_bulk(
            {getattr(r, pk) for r, _previous in pairs}
        )
        for (record, _previous), record_changes in zip(pairs, changes, strict=True):
            obj = live.get(getattr(record, pk))
            user = record.history_user
            built[(model, record.history_id)] = AuditEntry(
                date=record.history_date,
                user_name=(user.get_full_name() or user.email) if user else SYSTEM_USER,
                user_email=user.email if user else "",
                object_type=type_label(model),
                object_label=_object_label(model, record, obj),
                object_url=obj.get_absolute_url()
                if obj is not None and hasattr(obj, "get_absolute_url")
                else "",
                kind=CHANGE_TYPES.get(record.history_type, record.history_type),
                reason=change_reason(record),
                changes=record_changes,
            )
    return [built[key] for key in keys if key in built]


EXPORT_HEADERS = [
    _("Date"),
    _("Auteur"),
    _("Courriel de l'auteur"),
    _("Type d'objet"),
    _("Objet"),
    _("Action"),
    _("Motif"),
    _("Modifications"),
]


def _shown(value) -> str:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(localize(value))


def export_row(entry: AuditEntry) -> list:
    return [
        timezone.localtime(entry.date).replace(microsecond=0, tzinfo=None),
        entry.user_name,
        entry.user_email,
        entry.object_type,
        entry.object_label,
        entry.kind,
        entry.reason,
        "\n".join(f"{c.label} : {_shown(c.before)} → {_shown(c.after)}" for c in entry.changes),
    ]


def cap_notice(cap: int = EXPORT_CAP) -> str:
    return _(
        "Export limité aux %(cap)s modifications les plus récentes : précisez les filtres "
        "pour obtenir les suivantes."
    ) % {"cap": number_format(cap, force_grouping=True)}


def export_rows(search: AuditSearch, cap: int = EXPORT_CAP) -> Iterator[list]:
    """The rows of the CSV and XLSX exports: every filtered entry up to `cap`, then, if some
    were left out, a last row saying so."""
    for entry in search.all_entries(cap):
        yield export_row(entry)
    if search.keys(cap, 1):
        yield [cap_notice(cap)] + [""] * (len(EXPORT_HEADERS) - 1)
