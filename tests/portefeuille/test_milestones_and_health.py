"""One rule for a late milestone, used by the overview, the planning tab and the home page's
"À faire"; a stopped project has no health (issue 9 §4)."""

import datetime
import re

import pytest
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.portefeuille.models import Milestone, Phase
from tests.factories import ProjectFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def _badges(html: str) -> list[str]:
    return re.findall(r'data-testid="health">([^<]+)<', html)


def _row(html: str, title: str) -> str:
    return re.search(rf"<tr><td>{title}</td>.*?</tr>", html, re.S).group(0)


@pytest.fixture
def milestones(bfc_project):
    def add(title, planned, forecast=None, actual=None):
        return Milestone.objects.create(
            project=bfc_project,
            title=title,
            planned_on=planned,
            forecast_on=forecast,
            actual_on=actual,
        )

    add("Prévision égale au prévu", TODAY + 10 * DAY, TODAY + 10 * DAY)
    add("Prévision après le prévu", TODAY + 10 * DAY, TODAY + 40 * DAY)
    add("Prévu passé, non atteint", TODAY - 5 * DAY, TODAY - 5 * DAY)
    add("Prévision avancée mais passée", TODAY + 30 * DAY, TODAY - 2 * DAY)
    add("Atteint après le prévu", TODAY - 30 * DAY, None, TODAY - 3 * DAY)
    add("Dans les temps", TODAY + 20 * DAY)
    return bfc_project


LATE = {"Prévision après le prévu", "Prévu passé, non atteint", "Prévision avancée mais passée"}


def test_a_forecast_equal_to_the_planned_date_is_on_time(milestones):
    assert {m.title for m in Milestone.objects.late()} == LATE
    flags = {m.title: m.is_late for m in Milestone.objects.with_lateness()}
    assert flags["Prévision égale au prévu"] is False
    assert {title for title, late in flags.items() if late} == LATE


def test_the_overview_and_the_planning_tab_agree(client, world, milestones):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    overview = client.get(reverse("portefeuille:overview"))
    assert {m.title for m in overview.context["late_milestones"]} == LATE
    planning = client.get(reverse("portefeuille:project_planning", args=[milestones.pk]))
    html = planning.content.decode()
    flagged = {m.title for m in Milestone.objects.all() if "en retard" in _row(html, m.title)}
    assert flagged == LATE
    assert "atteint" in _row(html, "Atteint après le prévu")


def test_the_home_page_lists_the_same_late_milestones(client, world, milestones):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    html = client.get(reverse("home")).content.decode()
    for title in LATE:
        assert title in html
    assert "Prévision égale au prévu" not in html


def test_a_stopped_project_has_no_health_and_no_late_milestone(client, world, milestones):
    milestones.phase = Phase.ARRETE
    milestones.save()
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    page = client.get(reverse("portefeuille:project", args=[milestones.pk])).content.decode()
    assert _badges(page) == ["Projet arrêté"]
    assert _badges(client.get(reverse("portefeuille:list")).content.decode()) == ["Projet arrêté"]
    ok_only = client.get(reverse("portefeuille:list"), {"health": "ok"})
    assert milestones.code not in ok_only.content.decode()
    overview = client.get(reverse("portefeuille:overview"))
    assert overview.context["late_milestones"] == []
    assert {v: n for v, _label, n in overview.context["by_health"]}["ok"] == 0
    api = client.get(f"/api/v1/portfolio/projects/{milestones.pk}")
    assert api.json()["health"] == "arrete"


def test_another_project_of_the_region_keeps_its_health(client, world, bfc_project):
    ProjectFactory(region=world.bfc.region, moa=world.bfc.hospital, phase=Phase.ARRETE)
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    listing = client.get(reverse("portefeuille:list")).content.decode()
    assert sorted(_badges(listing)) == ["Conforme", "Projet arrêté"]
