"""The main menu marks the entry of the page one is on (`aria-current`), for the eye and for a
screen reader — pages reached from another page included (contracts from funding, a region's
infra-regional territories from its home page)."""

import re

import pytest
from django.urls import reverse

from pilote.comptes.models import Role

pytestmark = pytest.mark.django_db


def current_entries(html: str) -> list[str]:
    menu = html[html.index('aria-label="Menu principal"') :]
    menu = menu[: menu.index("</nav>")]
    return re.findall(r'aria-current="(?:page|true)"[^>]*>([^<]+)<', menu)


@pytest.mark.parametrize(
    ("route", "entries"),
    [
        ("financement:overview", ["Financements"]),
        ("contrats:list", ["Financements"]),
        ("territoires:infra", ["Accueil"]),
        ("portefeuille:list", ["Portefeuille"]),
        ("catalogue:index", ["Référentiels", "Catalogue"]),
        ("region", ["Accueil"]),  # a region's home page
        ("dashboard:national", ["Indicateurs"]),  # the public dashboard, logged in
        ("dashboard:region", ["Indicateurs"]),  # not « Accueil » too: another "region" view
        ("gouvernance:region", ["Gouvernance"]),
        ("catalogue:region", ["Référentiels", "Catalogue"]),
    ],
)
def test_the_current_entry_is_marked(client, world, route, entries):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    by_region = route in ("territoires:infra", "region") or route.endswith(":region")
    args = [world.bfc.region.code] if by_region else []
    response = client.get(reverse(route, args=args))
    assert response.status_code == 200
    assert current_entries(response.content.decode()) == entries
