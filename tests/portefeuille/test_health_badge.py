"""The health badge of the portfolio pages: its colour per health, none for a stopped project."""

from django.template import Context, Template

from pilote.portefeuille.models import Health, Phase, Project


def badge(phase, health) -> str:
    project = Project(phase=phase, health=health)
    return Template("{% load portfolio %}{% health_badge p %}").render(Context({"p": project}))


def test_each_health_has_its_colour_and_a_stopped_project_none():
    assert badge(Phase.PRODUCTION, Health.ON_TRACK) == (
        '<span class="fr-badge fr-badge--success fr-badge--sm" data-testid="health">Conforme</span>'
    )
    assert "fr-badge--warning" in badge(Phase.PRODUCTION, Health.AT_RISK)
    assert "fr-badge--error" in badge(Phase.PRODUCTION, Health.OFF_TRACK)
    assert badge(Phase.ARRETE, Health.OFF_TRACK) == (
        '<span class="fr-badge fr-badge--sm" data-testid="health">Projet arrêté</span>'
    )
