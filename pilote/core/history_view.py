"""Turn django-simple-history rows into what the "Historique" tab and the audit search show."""

import inspect
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

CHANGE_TYPES = {"+": _("Création"), "~": _("Modification"), "-": _("Suppression")}
SYSTEM_USER = _("Système (import ou chargement)")


@dataclass
class FieldChange:
    label: str
    before: object
    after: object


@dataclass
class HistoryEntry:
    date: datetime
    user: str
    kind: str
    reason: str
    changes: list[FieldChange]


def _field_or_none(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def with_parents(queryset):
    """`queryset` joined to the rows its own foreign keys point to (one level), so that a
    __str__ naming a parent (a function's person, a checklist line's référentiel) costs no
    query."""
    parents = [f.name for f in queryset.model._meta.concrete_fields if f.is_relation]
    return queryset.select_related(*parents)


class _RelatedNames:
    """Names of the objects that history rows point to, one query per related model."""

    def __init__(self):
        self._wanted: dict[type, set] = defaultdict(set)
        self._names: dict[tuple[type, object], str] = {}

    def want(self, model, pks) -> None:
        self._wanted[model].update(pk for pk in pks if pk not in (None, ""))

    def fetch(self) -> None:
        for model, pks in self._wanted.items():
            for obj in with_parents(model._default_manager.filter(pk__in=pks)):
                self._names[(model, obj.pk)] = str(obj)
        self._wanted.clear()

    def name(self, model, pk):
        return self._names.get((model, pk), pk)


def _many_rows(history_model, pairs) -> dict[tuple[str, int], tuple]:
    """{(m2m field, history_id): related ids} of every record in `pairs`, one query per field."""
    history_ids = {r.history_id for pair in pairs for r in pair if r is not None}
    rows: dict[tuple[str, int], list] = defaultdict(list)
    for field in history_model._history_m2m_fields:
        through = inspect.getattr_static(history_model, field.name).model  # no manager built
        related = through._meta.get_field(field.m2m_reverse_field_name()).attname
        values = through._default_manager.filter(history_id__in=history_ids)
        for history_id, related_id in values.values_list("history_id", related):
            rows[(field.name, history_id)].append(related_id)
    return {k: tuple(sorted(v)) for k, v in rows.items()}


def _raw_changes(record, previous, many: dict) -> list[tuple]:
    """[(field, before, after)] between two records of one object, in field-name order."""
    model = record.instance_type
    m2m_names = [f.name for f in record._history_m2m_fields]
    delta = record.diff_against(previous, excluded_fields=m2m_names, foreign_keys_are_objs=False)
    changes = [(c.field, c.old, c.new) for c in delta.changes]
    for name in m2m_names:
        before = many.get((name, previous.history_id), ())
        after = many.get((name, record.history_id), ())
        if before != after:
            changes.append((name, before, after))
    changes.sort(key=lambda change: change[0])
    return [
        (field, before, after)
        for name, before, after in changes
        if (field := _field_or_none(model, name)) is not None  # a field removed since
    ]


def _display(field, value, names: _RelatedNames):
    if field.many_to_many:
        shown = sorted(str(names.name(field.related_model, pk)) for pk in value)
        return ", ".join(shown) or "—"
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return dict(field.choices).get(value, value)
    if field.is_relation and field.related_model is not None:
        return names.name(field.related_model, value)
    if isinstance(value, bool | list | dict):
        return _plain(value)
    return value


def _plain(value) -> str:
    """A JSON value as a reader reads it: a list's items joined, a dict's pairs listed."""
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value) or "—"
    if isinstance(value, dict):
        return " ; ".join(f"{k} : {_plain(v)}" for k, v in value.items()) or "—"
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, int | float):
        return formats.localize(value)  # 1,5 as a French reader writes it
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _natural(key) -> list:
    """q2 before q10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(key))]


def _field_changes(field, before, after, names: _RelatedNames) -> list[FieldChange]:
    """One line per changed field; a JSON object (a questionnaire's answers) gives one line per
    key that changed, rather than the whole object twice."""
    label = capfirst(str(field.verbose_name))
    objects = isinstance(before, dict | None) and isinstance(after, dict | None)
    if isinstance(field, models.JSONField) and objects and (before or after):
        before, after = before or {}, after or {}
        return [
            FieldChange(f"{label} — {key}", _plain(before.get(key)), _plain(after.get(key)))
            for key in sorted({*before, *after}, key=_natural)
            if before.get(key) != after.get(key)
        ]
    return [FieldChange(label, _display(field, before, names), _display(field, after, names))]


def describe_changes(history_model, pairs) -> list[list[FieldChange]]:
    """For each (record, previous record of the same object or None) of one historical model,
    the fields a modification changed, with their labels and displayed values before → after.

    Creations and deletions list no field. Related objects are named with one query per
    related model, and many-to-many values read with one query per such field, however many
    pairs are described: the Historique tab and the audit search both rely on it."""
    many = _many_rows(history_model, pairs) if history_model._history_m2m_fields else {}
    raw = [
        _raw_changes(record, previous, many)
        if previous is not None and record.history_type == "~"
        else []
        for record, previous in pairs
    ]
    names = _RelatedNames()
    for changes in raw:
        for field, before, after in changes:
            if field.many_to_many:
                names.want(field.related_model, (*before, *after))
            elif field.is_relation and field.related_model is not None:
                names.want(field.related_model, (before, after))
    names.fetch()
    return [
        [
            line
            for field, before, after in changes
            for line in _field_changes(field, before, after, names)
        ]
        for changes in raw
    ]


def change_reason(record) -> str:
    """The reason given for a change, unless it only repeats the kind of change."""
    reason = record.history_change_reason or ""
    return "" if reason == CHANGE_TYPES.get(record.history_type) else reason


def history_entries(instance, limit: int = 200) -> list[HistoryEntry]:
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    shown = records[:limit]
    pairs = [
        (record, records[i + 1] if i + 1 < len(records) else None) for i, record in enumerate(shown)
    ]
    changes = describe_changes(type(instance).history.model, pairs)
    return [
        HistoryEntry(
            date=record.history_date,
            user=str(record.history_user) if record.history_user else SYSTEM_USER,
            kind=CHANGE_TYPES.get(record.history_type, record.history_type),
            reason=change_reason(record),
            changes=record_changes,
        )
        for record, record_changes in zip(shown, changes, strict=True)
    ]
