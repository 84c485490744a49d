"""`{% load pilote_formats %}`: `{{ amount|euros }}` → `1 594 184,00 €`."""

from django import template

from pilote.core.formats import euros as format_euros
from pilote.core.formats import french_number

register = template.Library()


@register.filter
def euros(value):
    return format_euros(value)


@register.filter
def number(value, decimals=2):
    """`{{ 1234.5|number }}` → `1 234,50`; None (unknown) → an empty string."""
    if value is None or value == "":
        return ""
    return french_number(value, int(decimals))


@register.filter
def signed_percent(value):
    """`{{ 245.5|signed_percent }}` → `+245,5 %`; None → `—`."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{french_number(value, 1)}\u00a0%"
