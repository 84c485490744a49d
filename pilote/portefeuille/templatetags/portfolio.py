"""Template tags of the portfolio pages."""

from django import template
from django.utils.html import format_html

from pilote.portefeuille.models import Health

register = template.Library()

BADGE_COLOUR = {Health.ON_TRACK: " fr-badge--success", Health.AT_RISK: " fr-badge--warning"}


@register.simple_tag
def health_badge(project) -> str:
    """A project's health as a DSFR badge (none for a stopped project: it is stopped). A tag
    rather than an included template: the portfolio list shows 50 of them per page."""
    colour = "" if project.is_stopped else BADGE_COLOUR.get(project.health, " fr-badge--error")
    return format_html(
        '<span class="fr-badge{} fr-badge--sm" data-testid="health">{}</span>',
        colour,
        project.health_label,
    )
