"""In Chromium: a GRADeS manager creates a project, fills its compliance checklist and asks for
the next phase; the ARS officer approves; the decision appears in the project's history."""

import pytest

from pilote.comptes.models import Role
from pilote.portefeuille.models import Phase, Project
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_a_project_goes_from_idea_to_opportunity_study(live_server, world, framework, new_page):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    officer = world.bfc.users[Role.ARS_OFFICER]
    page = new_page()
    login(page, live_server.url, manager.email)

    page.get_by_role("link", name="Portefeuille", exact=True).first.click()
    page.get_by_role("link", name="Nouveau projet").click()
    page.get_by_label("Code").fill("BFC-TLSV")
    page.get_by_label("Intitulé").fill("Télésurveillance de l'insuffisance cardiaque")
    page.get_by_label("Maîtrise d'ouvrage (MOA)").select_option(label=world.bfc.hospital.name)
    page.get_by_label("MOA déléguée").select_option(label=world.bfc.grades.name)
    page.get_by_label("Impulsion").select_option(label="ARS")
    page.locator("label", has_text="Services de télémédecine").click()  # DSFR styles the label
    page.get_by_role("button", name="Créer le projet").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("BFC-TLSV")

    page.get_by_role("link", name="Conformité").click()
    page.get_by_role("button", name="Ouvrir la grille de conformité").click()
    for select in page.locator("select[name$='-applicable']").all():
        select.select_option("non")
    page.get_by_label("Applicable : Identifiant national de santé (INS)").select_option("oui")
    page.get_by_label("Respecté : Identifiant national de santé (INS)").select_option("oui")
    page.get_by_label("Preuve : Identifiant national de santé (INS)").fill("Cahier des charges § 3")
    page.get_by_role("button", name="Enregistrer la grille").click()
    assert page.get_by_text("Grille de conformité enregistrée.").is_visible()

    page.get_by_role("link", name="Décisions").click()
    page.get_by_label("Phase demandée").select_option(label="Étude d'opportunité")
    page.get_by_label("Justification").fill("Besoin exprimé par le CASSIS Nord")
    page.get_by_role("button", name="Demander le passage").click()
    assert page.get_by_text("Demande de passage envoyée pour décision.").is_visible()
    assert page.get_by_role("button", name="Approuver le passage").count() == 0
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, officer.email)
    project = Project.objects.get(code="BFC-TLSV")
    page.goto(f"{live_server.url}/portefeuille/projets/{project.pk}/decisions/")
    page.get_by_label("Fondement de la décision").fill("Avis favorable du COSSIS du 14 mars")
    page.get_by_role("button", name="Approuver le passage").click()
    assert page.get_by_text("Passage approuvé.").is_visible()

    page.get_by_role("link", name="Historique").click()
    history = page.locator("main").inner_text()
    assert "Idée → Étude d'opportunité décidé : Avis favorable du COSSIS du 14 mars" in history
    assert officer.last_name in history
    project.refresh_from_db()
    assert project.phase == Phase.OPPORTUNITE
    assert project.compliance.filter(applicable=True, met=True).count() == 1
