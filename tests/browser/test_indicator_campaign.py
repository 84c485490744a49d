"""In Chromium: the GRADeS manager fills the campaign form and submits; the ARS officer
validates; the national administrator accepts; the value appears on the public dashboard."""

import pytest

from pilote.comptes.models import Role
from pilote.indicateurs.models import DataValue, ReportStatus
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def logout(page):
    page.get_by_role("button", name="Se déconnecter").click()


def test_from_entry_to_the_public_dashboard(live_server, world, campaign, new_page):
    report = campaign.reports.get(region=world.bfc.region)
    url = f"{live_server.url}/indicateurs/rapports/{report.pk}/"
    page = new_page()

    login(page, live_server.url, world.bfc.users[Role.GRADES_MANAGER].email)
    page.goto(url)
    total = page.get_by_label("Valeur : Établissements de santé du périmètre", exact=True)
    total.fill("40")
    total.press("Tab")  # leaving the field saves it
    connected = page.get_by_label(
        "Valeur : Établissements de santé connectés à l'espace de confiance MSSanté", exact=True
    )
    connected.fill("36")
    connected.press("Tab")
    page.get_by_label(
        "Commentaire : Établissements de santé connectés à l'espace de confiance MSSanté",
        exact=True,
    ).fill("Recensement ARS de juin")
    page.keyboard.press("Tab")
    page.wait_for_function("document.querySelectorAll('.fr-valid-text').length >= 2")
    page.reload()
    page.get_by_role("button", name="Soumettre à l'ARS").click()
    assert page.get_by_text("Rapport soumis à l'ARS.").is_visible()
    logout(page)

    login(page, live_server.url, world.bfc.users[Role.ARS_OFFICER].email)
    page.goto(url)
    page.get_by_role("button", name="Valider (ARS)").click()
    assert page.get_by_text("Rapport validé ; transmis au niveau national.").is_visible()
    logout(page)

    login(page, live_server.url, world.national_admin.email)
    page.goto(url)
    page.get_by_role("button", name="Accepter (niveau national)").click()
    assert page.get_by_text("Rapport accepté : les valeurs sont publiées.").is_visible()
    logout(page)

    page.goto(f"{live_server.url}/tableau-de-bord/?periode={campaign.period}")
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=world.bfc.region.name)
    )
    assert "90,0 %" in row.inner_text()  # 36 of 40 establishments
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    connected_value = DataValue.objects.get(data_element__code="MSS_ES_CONNECTES")
    assert connected_value.comment == "Recensement ARS de juin"
