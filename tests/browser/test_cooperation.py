"""In Chromium, the acceptance scenario of issue 13: the BFC ARS officer writes a project about
teleconsultation in nursing homes and sees, before saving, a similar project of another
region; saves it; the national administrator marks the pair "coopération possible" and records
the prior review; a proposal is sent and accepted; the project shows in both portfolios."""

import re

import pytest
from playwright.sync_api import expect

from pilote.comptes.models import Role
from pilote.cooperation import services
from pilote.cooperation.models import PairVerdict, PriorReview, SimilarPair
from pilote.portefeuille.models import Project
from tests.browser.conftest import login
from tests.factories import ProjectFactory

pytestmark = pytest.mark.browser


def test_a_project_becomes_co_carried_after_the_similar_one_is_seen(
    live_server, world, framework, new_page
):
    bfc, ara = world.bfc.users[Role.ARS_OFFICER], world.ara.users[Role.ARS_OFFICER]
    ara_project = ProjectFactory(
        region=world.ara.region,
        moa=world.ara.hospital,
        code="ARA-TLC",
        title="Téléconsultation en EHPAD",
        description="Chariots de téléconsultation pour les résidents des maisons de retraite.",
    )
    services.save_sheet(acting_user=ara, project=ara_project, values={"solution": "Omnidoc"})

    page = new_page()
    login(page, live_server.url, bfc.email)
    page.get_by_role("link", name="Portefeuille", exact=True).first.click()
    page.get_by_role("link", name="Nouveau projet").click()
    page.get_by_label("Code").fill("BFC-TLC")
    page.get_by_label("Intitulé").fill("Téléconsultations dans les EHPAD de la région")
    similar = page.locator("#similar-draft")
    expect(similar).to_contain_text("ARA-TLC", timeout=10_000)
    expect(similar).to_contain_text("Auvergne-Rhône-Alpes")
    assert not Project.objects.filter(code="BFC-TLC").exists()  # not saved yet
    page.get_by_label("Maîtrise d'ouvrage (MOA)").select_option(label=world.bfc.hospital.name)
    page.get_by_label("Impulsion").select_option(label="ARS")
    page.get_by_role("button", name="Créer le projet").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("BFC-TLC")
    bfc_project = Project.objects.get(code="BFC-TLC")
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, world.national_admin.email)
    page.goto(f"{live_server.url}/cooperation/paires/")
    row = page.get_by_test_id("pair").filter(has_text="BFC-TLC")
    row.get_by_role("button", name=re.compile("^Coopération possible")).click()
    expect(page.get_by_text("Avis enregistré : Coopération possible.")).to_be_visible()
    assert SimilarPair.objects.get().verdict == PairVerdict.POSSIBLE
    page.goto(f"{live_server.url}/cooperation/projets/{bfc_project.pk}/revue/")
    page.get_by_label("Potentiel de coopération évalué").fill(
        "Même besoin en ARA, solution en place."
    )
    page.get_by_label("Décision").select_option(label="Poursuivre en coopération")
    page.locator("label[for^=id_partner_regions]", has_text="Auvergne-Rhône-Alpes").click()
    page.locator("label[for^=id_similar_projects]", has_text="ARA-TLC").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Revue nationale préalable enregistrée.")).to_be_visible()
    review = PriorReview.objects.get()
    assert list(review.similar_projects.all()) == [ara_project]
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, bfc.email)
    page.goto(f"{live_server.url}/cooperation/projets/{bfc_project.pk}/")
    page.get_by_role("link", name="Proposer de porter ensemble").click()
    page.locator("label", has_text="Auvergne-Rhône-Alpes").click()
    page.get_by_label("Proposition").fill("Porter ensemble la téléconsultation en EHPAD.")
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.get_by_text("Proposition de coopération envoyée.")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, ara.email)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Téléconsultations dans les EHPAD de la région").first.click()
    page.locator("label", has_text="Accepter").click()
    page.get_by_label("Part des coûts prise par votre région (%)").fill("40")
    page.get_by_role("button", name="Répondre").click()
    expect(page.get_by_text("Proposition acceptée")).to_be_visible()
    expect(
        page.get_by_text(
            "Bourgogne-Franche-Comté pilote (60,00 % des coûts) ; Auvergne-Rhône-Alpes (40,00 %)"
        )
    ).to_be_visible()
    page.goto(f"{live_server.url}/portefeuille/")
    expect(page.locator("main")).to_contain_text("BFC-TLC")
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, bfc.email)
    page.goto(f"{live_server.url}/portefeuille/")
    expect(page.locator("main")).to_contain_text("BFC-TLC")
