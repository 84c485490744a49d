"""Helpers every service uses to write a business row together with its history row."""

from typing import Any

from django.db import models


def assign(instance: models.Model, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set `values` on `instance`; return {field: (before, after)} for what really changed."""
    changes = {}
    for field, value in values.items():
        before = getattr(instance, field)
        if before != value:
            changes[field] = (before, value)
            setattr(instance, field, value)
    return changes


def save_with_history(
    instance: models.Model, *, acting_user, reason: str = "", **save_kwargs: Any
) -> None:
    """Save `instance`; django-simple-history records `acting_user` and `reason`."""
    attribute(instance, acting_user)
    if reason:
        instance._change_reason = reason
    instance.save(**save_kwargs)


def attribute(instance: models.Model, acting_user) -> None:
    """The next history row of `instance` (a save, a delete, an m2m change) names
    `acting_user` (none for the system)."""
    instance._history_user = history_user_or_none(acting_user)


def history_user_or_none(user):
    """History keeps a user only if it is a saved account (commands may run without one)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user
