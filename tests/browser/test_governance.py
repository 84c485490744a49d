"""In Chromium: the ARS officer convenes a COSSIS meeting with an agenda item about a project,
records the attendance (the quorum shown as presences are chosen), a decision and an action;
the minutes PDF holds the decision and the attendance sheet; the action shows on its owner's
"Mes actions" page, the decision on the project's page."""

import subprocess

import pytest
from playwright.sync_api import expect

from pilote.comptes.models import Role
from pilote.gouvernance.models import Meeting
from tests.browser.conftest import login
from tests.factories import OrganisationFactory, ProjectFactory
from tests.gouvernance.conftest import add_seats, make_body

pytestmark = pytest.mark.browser


def test_the_ars_officer_runs_a_cossis_meeting(live_server, world, new_page, tmp_path):
    officer = world.ara.users[Role.ARS_OFFICER]
    owner = world.ara.users[Role.GRADES_MANAGER]
    cossis = make_body(officer, world.ara.region)
    members = [world.ara.ars, world.ara.grades, world.ara.hospital] + [
        OrganisationFactory(name=f"URPS {i}", departement=world.ara.departement) for i in range(3)
    ]
    seats = add_seats(officer, cossis, members)
    project = ProjectFactory(
        region=world.ara.region, moa=world.ara.hospital, code="ARA-TLSV", title="Télésurveillance"
    )
    page = new_page()
    login(page, live_server.url, officer.email)

    page.get_by_role("link", name="Gouvernance", exact=True).first.click()
    page.get_by_role("link", name="COSSIS ARA").click()
    page.get_by_role("link", name="Convoquer une réunion").click()
    page.get_by_label("Intitulé").fill("COSSIS de printemps")
    page.get_by_label("Début").fill("2026-03-12T14:00")
    page.get_by_label("Fin").fill("2026-03-12T16:00")
    page.get_by_label("Lieu").fill("ARS, Lyon")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Réunion convoquée.")).to_be_visible()

    page.get_by_role("link", name="Ajouter un point").click()
    page.get_by_label("Point").fill("Lancement de la télésurveillance")
    page.get_by_label("Projet concerné").select_option(label=str(project))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Conflit d'intérêts possible")).to_be_visible()

    page.get_by_role("link", name="Émargement").click()
    quorum = page.get_by_test_id("quorum")
    page.locator(f"select[name=presence_{seats[0].pk}]").select_option("present")
    page.locator(f"select[name=presence_{seats[1].pk}]").select_option("suppleant")
    expect(quorum).to_contain_text("Quorum non atteint")
    page.locator(f"select[name=presence_{seats[2].pk}]").select_option("procuration")
    page.locator(f"select[name=proxy_{seats[2].pk}]").select_option(str(seats[0].pk))
    expect(quorum).to_contain_text("Quorum atteint")
    expect(quorum).to_contain_text("3 voix sur 3 requises")
    page.get_by_role("button", name="Enregistrer l'émargement").click()
    expect(page.get_by_text("Émargement enregistré : quorum atteint.")).to_be_visible()

    page.get_by_role("link", name="Enregistrer une décision").click()
    page.get_by_label("Point").select_option(index=1)
    page.get_by_label("Décision").fill("Le COSSIS approuve le lancement de la télésurveillance")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Décision enregistrée.")).to_be_visible()

    page.get_by_role("link", name="Enregistrer une action").click()
    page.get_by_label("Action").fill("Chiffrer le déploiement")
    page.get_by_label("Responsable").select_option(label=f"{owner.get_full_name()} ({owner.email})")
    page.get_by_label("Échéance").fill("2026-05-01")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Action enregistrée.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Compte rendu (PDF)").click()
    pdf = tmp_path / "compte-rendu.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Le COSSIS approuve le lancement" in text
    assert "Feuille d'émargement" in text and "URPS 2" in text
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, owner.email)
    page.goto(f"{live_server.url}/gouvernance/mes-actions/")
    expect(page.get_by_role("cell", name="Chiffrer le déploiement", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/portefeuille/projets/{project.pk}/")
    expect(
        page.get_by_text("Le COSSIS approuve le lancement de la télésurveillance")
    ).to_be_visible()
    assert Meeting.objects.get().decisions.get().project == project
