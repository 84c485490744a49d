"""A public body's meetings appear on the region's public dashboard, with their minutes once
approved; a non-public body's do not."""

from django.urls import reverse

from pilote.gouvernance import services
from pilote.gouvernance.models import Body
from tests.gouvernance.conftest import convene, make_body
from tests.gouvernance.pdf import pdf_text


def test_a_public_body_meetings_and_approved_minutes_are_on_the_region_public_page(
    client, world, officer, cossis
):
    Body.objects.filter(pk=cossis.pk).update(is_public=True)
    spring = convene(officer, cossis, items=[("Feuille de route", None)])
    autumn = convene(officer, cossis, when=(2026, 10, 8, 14, 0), title="COSSIS d'automne")
    services.approve_minutes(acting_user=officer, meeting=spring, approved_in=autumn)
    hidden = make_body(officer, world.ara.region, name="Groupe restreint")
    convene(officer, hidden, title="Réunion non publique")
    page = client.get(
        reverse("dashboard:region", args=[world.ara.region.code])
    ).content.decode()  # anonymous
    assert "Réunions des instances publiques de la région" in page
    assert "COSSIS de printemps" in page and "COSSIS d&#x27;automne" in page
    assert "Réunion non publique" not in page
    minutes = reverse("gouvernance:public_minutes", args=[spring.pk])
    assert minutes in page
    assert reverse("gouvernance:public_minutes", args=[autumn.pk]) not in page
    response = client.get(minutes)
    assert response.status_code == 200
    assert "Feuille de route" in pdf_text(response.content)
    # not approved, or not public: 404, even for a logged-in reader of the body
    assert client.get(reverse("gouvernance:public_minutes", args=[autumn.pk])).status_code == 404
    Body.objects.filter(pk=cossis.pk).update(is_public=False)
    client.force_login(officer)
    assert client.get(minutes).status_code == 404
    bfc_page = client.get(reverse("dashboard:region", args=[world.bfc.region.code]))
    assert "COSSIS de printemps" not in bfc_page.content.decode()
