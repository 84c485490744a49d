"""In Chromium: a hospital's project owner fills the establishment report and submits; the ARS
officer validates; the national administrator accepts; the public region page shows the
département's figure."""

import datetime

import pytest

from pilote.comptes.models import Role
from pilote.indicateurs import workflow
from tests.browser.conftest import login
from tests.indicateurs.test_establishment_reports import by_establishment

pytestmark = pytest.mark.browser


def test_an_establishment_reports_up_to_the_departement_table(
    live_server, world, establishments, new_page
):
    dataset, hospital, other, _lyon = establishments
    by_establishment(dataset, [hospital, other])
    today = datetime.date.today()
    campaign = workflow.open_campaign(
        acting_user=world.national_admin,
        dataset=dataset,
        period="2026S2",
        opens_on=today,
        deadline=today + datetime.timedelta(days=5),
        locks_on=today + datetime.timedelta(days=10),
    )
    report = campaign.reports.get(organisation=hospital)
    page = new_page()

    login(page, live_server.url, world.bfc.users[Role.PROJECT_OWNER].email)
    page.goto(f"{live_server.url}/indicateurs/")
    page.get_by_role("link", name=f"{campaign.name} — {hospital.name}").click()
    # the report page's scripts bound to its fields (htmx saves a field when it is left): a
    # click returns once the navigation commits, and a value typed before would not be saved
    page.wait_for_load_state("load")
    created = page.get_by_label("Valeur : DMP créés dans la période", exact=True)
    created.fill("1234")
    created.press("Tab")  # leaving the field saves it
    # a locator, not wait_for_function: the Content-Security-Policy forbids eval'd strings
    page.locator(".fr-valid-text").first.wait_for()
    page.get_by_role("button", name="Soumettre à l'ARS").click()
    assert page.get_by_text("Rapport soumis à l'ARS.").is_visible()
    assert "CH Dole" not in page.content()  # another establishment's report is not listed
    page.get_by_role("button", name="Se déconnecter").click()

    url = f"{live_server.url}/indicateurs/rapports/{report.pk}/"
    login(page, live_server.url, world.bfc.users[Role.ARS_OFFICER].email)
    page.goto(url)
    # an incomplete report: the ARS confirms it with a reason
    page.get_by_label("Motif de la confirmation (obligatoire)").fill("Remontée partielle")
    page.get_by_role("button", name="Valider malgré les alertes (ARS)").click()
    page.get_by_role("button", name="Se déconnecter").click()
    login(page, live_server.url, world.national_admin.email)
    page.goto(url)
    page.get_by_label("Motif de la confirmation (obligatoire)").fill("Remontée partielle")
    page.get_by_role("button", name="Accepter malgré les alertes (niveau national)").click()
    assert page.get_by_text("Rapport accepté : les valeurs sont publiées.").is_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    page.goto(f"{live_server.url}/tableau-de-bord/{world.bfc.region.code}/?periode=2026S2")
    table = page.get_by_role("table", name="Par département")
    row = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=world.bfc.departement.name)
    )
    assert "1 234" in row.inner_text().replace("\u202f", " ")
