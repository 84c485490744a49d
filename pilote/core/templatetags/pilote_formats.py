"""`{% load pilote_formats %}`: `{{ amount|euros }}` → `1 594 184,00 €`."""

from django import template

from pilote.core.formats import euros as format_euros

register = template.Library()


@register.filter
def euros(value):
    return format_euros(value)
