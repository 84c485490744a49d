"""A grid's portfolio section (the operator's projects by phase and impulsion, read from the
portfolio module) is stored in the grid when it is sent, or when its campaign closes: a past
year's grid keeps its counts when the projects change later."""

from django.urls import reverse
from django.utils import timezone

from pilote.enquete import services
from pilote.enquete.models import CampaignStatus
from pilote.portefeuille.models import Phase, Project
from tests.factories import ProjectFactory


def test_a_sent_grid_keeps_the_portfolio_counts_of_its_sending(client, bfc, admin):
    campaign = services.create_campaign(acting_user=admin, name="Enquête 2024", years=[2024])
    grid = services.start_grid(acting_user=bfc.manager, campaign=campaign, year=2024)
    first = ProjectFactory(region=bfc.region, moa=bfc.grades, phase=Phase.DEPLOIEMENT)
    ProjectFactory(region=bfc.region, moa=bfc.grades, phase=Phase.DEPLOIEMENT)
    client.force_login(bfc.officer)
    url = reverse("enquete:grid", args=[grid.pk])
    live = client.get(url).content.decode()
    assert "état actuel, relevé à la transmission de la grille" in live
    assert '<th scope="row">Déploiement</th><td>ARS</td><td>2</td>' in live

    services.submit_grid(acting_user=bfc.manager, grid=grid)
    grid.refresh_from_db()
    assert grid.portfolio == [{"phase": "deploiement", "impulsion": "ars", "count": 2}]
    # later, a project goes to production and another starts
    Project.objects.filter(pk=first.pk).update(phase=Phase.PRODUCTION)
    ProjectFactory(region=bfc.region, moa=bfc.grades, phase=Phase.CADRAGE)
    page = client.get(url).content.decode()
    today = timezone.localdate(grid.portfolio_read_at).strftime("%d/%m/%Y")
    assert f"relevé le {today}" in page
    assert '<th scope="row">Déploiement</th><td>ARS</td><td>2</td>' in page
    assert "Cadrage" not in page and "Généralisation / production" not in page
    # the history says when it was read
    assert grid.history.filter(history_change_reason="Grille transmise").exists()


def test_closing_the_campaign_stores_the_counts_of_grids_not_sent(bfc, ara, admin):
    campaign = services.create_campaign(acting_user=admin, name="Enquête 2024", years=[2024])
    unsent = services.start_grid(acting_user=bfc.manager, campaign=campaign, year=2024)
    sent = services.start_grid(acting_user=ara.manager, campaign=campaign, year=2024)
    ProjectFactory(region=ara.region, moa=ara.grades, phase=Phase.CADRAGE)
    services.submit_grid(acting_user=ara.manager, grid=sent)
    ProjectFactory(region=bfc.region, moa=bfc.grades, phase=Phase.REALISATION)
    ProjectFactory(region=ara.region, moa=ara.grades, phase=Phase.CADRAGE)
    services.set_campaign_status(acting_user=admin, campaign=campaign, status=CampaignStatus.CLOSED)
    unsent.refresh_from_db()
    sent.refresh_from_db()
    assert unsent.portfolio == [{"phase": "realisation", "impulsion": "ars", "count": 1}]
    assert unsent.portfolio_read_at is not None
    assert unsent.history.filter(history_change_reason="Portefeuille relevé").exists()
    # the grid sent keeps what it had when it was sent
    assert sent.portfolio == [{"phase": "cadrage", "impulsion": "ars", "count": 1}]
