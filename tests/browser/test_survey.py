"""In Chromium: the BFC GRADeS fills its grid online and transmits it, the BFC ARS answers its
questionnaire, the national administrator closes the campaign and downloads the synthesis PDF
(read back with pdftotext)."""

import pytest

from pilote.comptes.models import Role
from pilote.enquete import services
from pilote.enquete.models import Grid, Questionnaire
from tests.browser.conftest import login
from tests.enquete.test_pages import pdf_text

pytestmark = pytest.mark.browser

CHOICES = {
    "q1": "Oui dès 2013",
    "q2": "Plutôt",
    "q3": "Oui",
    "q4": "En cours",
    "q5": "Oui",
    "q7": "Assez cohérent",
}


def test_operator_ars_and_national_admin_run_a_campaign(live_server, world, new_page):
    admin = world.national_admin
    manager = world.bfc.users[Role.GRADES_MANAGER]
    officer = world.bfc.users[Role.ARS_OFFICER]
    campaign = services.create_campaign(acting_user=admin, name="Enquête 2025", years=[2025])

    page = new_page()
    login(page, live_server.url, manager.email)
    page.get_by_role("link", name="Enquête", exact=True).click()
    page.get_by_role("link", name="Enquête 2025").click()
    page.get_by_role("button", name="Remplir ma grille 2025").click()
    page.get_by_label("ETP total").fill("12,5")
    page.get_by_label("Budget de fonctionnement (€)").fill("1 200 000")
    page.get_by_label("Budget d'investissement (€)").fill("800 000,50")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Grille enregistrée.").is_visible()
    main = page.locator("main").inner_text()
    assert "2 000 000,50" in main.replace("\u202f", " ")
    page.get_by_role("button", name="Transmettre").click()
    assert page.get_by_text("Grille transmise au niveau national.").is_visible()
    # sent: it may still be corrected while the campaign is open, then sent again
    assert page.get_by_role("button", name="Transmettre à nouveau").is_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, officer.email)
    page.goto(f"{live_server.url}/enquete/{campaign.pk}/")
    page.get_by_role("link", name="Répondre au questionnaire de l'ARS").click()
    for name, value in CHOICES.items():
        page.locator(f"input[name='{name}'][value=\"{value}\"]").check(force=True)
    page.locator("select[name='q6']").select_option("4")
    page.locator("select[name='q9']").select_option("3")
    page.locator("select[name='q8_0']").select_option("1")
    page.locator("select[name='q8_3']").select_option("2")
    page.get_by_role("button", name="Transmettre").click()
    assert page.get_by_text("Questionnaire transmis.").is_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, admin.email)
    page.goto(f"{live_server.url}/enquete/{campaign.pk}/")
    page.get_by_role("button", name="Clore la campagne").click()
    assert page.get_by_text("Campagne close.").is_visible()
    page.get_by_role("link", name="Synthèse").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la synthèse (PDF)").click()
    text = pdf_text(download.value.path().read_bytes())
    assert "Synthèse nationale — Enquête 2025 (2025)" in text
    assert "2 000 000,50 €" in text and "12,50" in text

    grid = Grid.objects.get()
    assert grid.submitted_at is not None and str(grid.budget_total) == "2000000.50"
    questionnaire = Questionnaire.objects.get()
    assert questionnaire.submitted_at is not None and questionnaire.answers["q6"] == 4
