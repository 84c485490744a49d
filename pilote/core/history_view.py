"""Turn django-simple-history rows into what the "Historique" tab shows."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

CHANGE_TYPES = {"+": _("Création"), "~": _("Modification"), "-": _("Suppression")}


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


def _display_many(field, rows) -> str:
    """An m2m value in history is a list of through-table rows: show the related objects."""
    key = field.m2m_reverse_field_name()
    ids = [row.get(key) for row in rows or () if isinstance(row, dict)]
    names = [str(o) for o in field.related_model._default_manager.filter(pk__in=ids)]
    return ", ".join(sorted(names)) or "—"


def _display(model, field_name: str, value):
    field = model._meta.get_field(field_name)
    if field.many_to_many:
        return _display_many(field, value)
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return dict(field.choices).get(value, value)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else value
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    return value


def _reason(record) -> str:
    reason = record.history_change_reason or ""
    return "" if reason == CHANGE_TYPES.get(record.history_type) else reason


def history_entries(instance, limit: int = 200) -> list[HistoryEntry]:
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                field = _field_or_none(model, change.field)
                if field is None:  # a removed field or an m2m relation
                    continue
                changes.append(
                    FieldChange(
                        capfirst(str(field.verbose_name)),
                        _display(model, change.field, change.old),
                        _display(model, change.field, change.new),
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=str(user) if user else _("Système (import ou chargement)"),
                kind=CHANGE_TYPES.get(record.history_type, record.history_type),
                reason=_reason(record),
                changes=changes,
            )
        )
    return entries
