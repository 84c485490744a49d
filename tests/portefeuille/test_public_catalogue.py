"""The public catalogue pages: French plurals, French alphabetical order, no empty column."""

import re

from django.urls import reverse

from pilote.portefeuille.models import DigitalService


def _region_names(html: str) -> list[str]:
    return re.findall(r'<a href="/catalogue/[^/]+/">([^<]+)</a>', html)


def test_the_index_counts_services_in_french(client, reference, world):
    html = client.get(reverse("catalogue:index")).content.decode()
    assert "— 0 service<" in html
    assert "0 services" not in html


def test_the_index_lists_the_regions_in_french_alphabetical_order(client, reference):
    names = _region_names(client.get(reverse("catalogue:index")).content.decode())
    assert len(names) == 18
    assert names.index("Hauts-de-France") < names.index("Île-de-France") < names.index("La Réunion")
    assert names[0] == "Auvergne-Rhône-Alpes"


def test_the_region_page_shows_the_access_point_when_there_is_one(client, world):
    DigitalService.objects.create(
        region=world.bfc.region, name="Télésanté BFC", operator=world.bfc.grades
    )
    DigitalService.objects.create(
        region=world.bfc.region,
        name="Mon espace santé BFC",
        operator=world.bfc.grades,
        for_patients=True,
        access_point="https://esante.example.fr/",
    )
    html = client.get(reverse("catalogue:region", args=[world.bfc.region.code])).content.decode()
    assert ">Accès<" not in html  # no column that is empty for every service without one
    assert html.count('data-testid="access-point"') == 1
    assert 'href="https://esante.example.fr/"' in html
    assert "professionnels, patients" in html
