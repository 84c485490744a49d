"""In Chromium: the BFC ARS officer programmes an envelope to a project and commits it, adds a
tranche conditioned on a usage target; the GRADeS sees it waiting; the target is met by an
accepted report; the tranche turns payable with its evidence; the officer pays it; the
region's funding table shows the new figures."""

import pytest

from pilote.comptes.models import Role
from pilote.portefeuille.models import Phase
from tests.browser.conftest import login
from tests.financement.conftest import notify
from tests.portefeuille.test_gates import attach_opportunity_study, move
from tests.reporting import submitted, validate_and_accept

pytestmark = pytest.mark.browser


def test_a_usage_tranche_from_programming_to_payment(
    live_server, world, campaign, bfc_project, new_page
):
    from pilote.financement.reference import load_funding_reference

    officer = world.bfc.users[Role.ARS_OFFICER]
    manager = world.bfc.users[Role.GRADES_MANAGER]
    load_funding_reference(acting_user=officer)
    envelope = notify(officer, world.bfc.region, "250000.00", year=2026, line="telemedecine-gcs")
    move(bfc_project, Phase.OPPORTUNITE, manager, officer)
    attach_opportunity_study(bfc_project, manager)
    move(bfc_project, Phase.CADRAGE, manager, officer)

    page = new_page()
    login(page, live_server.url, officer.email)
    page.goto(f"{live_server.url}/financement/enveloppes/{envelope.pk}/")
    page.get_by_role("link", name="Programmer").click()
    page.get_by_label("Bénéficiaire").select_option(label=world.bfc.grades.name)
    page.get_by_label("Projet").select_option(value=str(bfc_project.pk))
    page.get_by_label("Objet").fill("Déploiement du ROR")
    page.get_by_label("Montant programmé (€)").fill("120 000")
    page.get_by_label("Programmé le").fill("2026-03-01")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Programmation enregistrée.").is_visible()

    page.get_by_role("link", name="Engager « Déploiement du ROR »").click()
    page.get_by_label("Référence de la décision ou convention").fill("CONV-2026-ROR")
    page.get_by_label("Date").fill("2026-03-15")
    page.get_by_label("Montant engagé (€)").fill("120000,00")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Engagement enregistré.").is_visible()

    page.get_by_role("link", name="Ajouter une tranche — CONV-2026-ROR").click()
    page.get_by_label("Intitulé").fill("40 établissements raccordés")
    page.get_by_label("Montant de la tranche (€)").fill("40 000")
    page.get_by_label("Donnée d'usage").select_option(label="Établissements de santé du périmètre")
    page.get_by_label("Période").fill(campaign.period)
    page.get_by_label("Cible (au moins)").fill("40")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Tranche ajoutée (en attente de sa condition).").is_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, manager.email)
    page.goto(f"{live_server.url}/financement/enveloppes/{envelope.pk}/")
    main = page.locator("main")
    assert "40 établissements raccordés" in main.inner_text()
    assert "en attente de sa condition" in main.inner_text().lower()  # a DSFR badge: capitals
    assert page.get_by_role("link", name="Payer la tranche").count() == 0

    report = submitted(world.bfc, campaign, ES_TOTAL="42")
    validate_and_accept(world.bfc, world.national_admin, report)
    page.reload()
    text = page.locator("main").inner_text()
    assert "payable" in text.lower() and "Preuve : valeur 42" in text
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, officer.email)
    page.goto(f"{live_server.url}/financement/enveloppes/{envelope.pk}/")
    page.get_by_role("link", name="Payer la tranche — 40 établissements raccordés").click()
    page.get_by_label("Payé le").fill("2026-07-01")
    page.get_by_label("Référence du paiement").fill("DP-ROR-1")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Tranche payée.").is_visible()
    assert "Payée le 01/07/2026 (DP-ROR-1)" in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/financement/?annee=2026")
    row = page.get_by_role("row", name="Télémédecine — crédits passant par les GCS")
    cells = row.inner_text()
    assert "250\u202f000,00\u00a0€" in cells  # amount
    assert "120\u202f000,00\u00a0€" in cells  # programmed and committed
    assert "40\u202f000,00\u00a0€" in cells  # paid
    assert "130\u202f000,00\u00a0€" in cells  # remaining
