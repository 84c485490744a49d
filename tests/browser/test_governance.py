"""In Chromium: the ARS officer convenes a COSSIS meeting with an agenda item about a project,
records the attendance (the quorum shown as presences are chosen), a decision and an action;
the minutes PDF holds the decision and the attendance sheet; the action shows on its owner's
"Mes actions" page, the decision on the project's page. A national reader reads the GRADeS
set-up table of every region with its coverage; an ARS officer reads their region's
governance overview, its next meeting and an overdue action; axe-core finds no serious or
critical violation on either page."""

import datetime
import subprocess

import pytest
from playwright.sync_api import expect

from pilote.comptes.models import Role
from pilote.gouvernance import services
from pilote.gouvernance.models import Action, Meeting
from tests.browser.conftest import login
from tests.browser.test_accessibility import assert_accessible
from tests.factories import OrganisationFactory, ProjectFactory
from tests.gouvernance.conftest import FIRST_ANSWERS, add_seats, convene, make_body, setup_report
from tests.reporting import validate_and_accept

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


def test_a_national_reader_follows_the_set_up_of_the_grades(
    live_server, world, indicators, new_page
):
    validate_and_accept(
        world.bfc,
        world.national_admin,
        setup_report(world, "2026S1", **FIRST_ANSWERS),
    )
    page = new_page()
    login(page, live_server.url, world.national_reader.email)
    page.get_by_role("link", name="Gouvernance", exact=True).first.click()
    page.get_by_role("link", name="Mise en place des GRADeS").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mise en place des GRADeS")
    expect(page.get_by_text("1 région sur 2 a déclaré au moins une fois.")).to_be_visible()
    table = page.get_by_role("table", name="Jalons de constitution par région")
    expect(table.get_by_role("columnheader", name="Directeur nommé")).to_be_visible()
    bfc = table.get_by_role("row", name=world.bfc.region.name)
    expect(bfc.get_by_role("cell").nth(0)).to_contain_text("Oui")
    expect(bfc.get_by_role("cell").nth(0)).to_contain_text("le 12/04/2017")
    expect(bfc.get_by_role("cell").nth(0)).to_contain_text("Délibération n° 2017-04")
    expect(bfc.get_by_role("cell").nth(3)).to_contain_text("Non")
    expect(bfc).to_contain_text("1er semestre 2026")
    ara = table.get_by_role("row", name=world.ara.region.name)
    expect(ara.get_by_label("jamais déclaré")).to_have_count(6)
    assert_accessible(page, [page.url])


def test_an_ars_officer_reads_the_governance_of_their_region(live_server, world, new_page):
    officer = world.ara.users[Role.ARS_OFFICER]
    cossis = make_body(officer, world.ara.region)
    add_seats(officer, cossis, [world.ara.ars, world.ara.grades, world.ara.hospital])
    today = datetime.date.today()
    past, soon = today - datetime.timedelta(days=40), today + datetime.timedelta(days=20)
    spring = convene(officer, cossis, when=(past.year, past.month, past.day, 14, 0))
    convene(officer, cossis, when=(soon.year, soon.month, soon.day, 14, 0), title="COSSIS d'hiver")
    services.add_action(
        acting_user=officer,
        action=Action(
            meeting=spring,
            title="Relancer les établissements",
            owner=world.ara.users[Role.GRADES_MANAGER],
            due_on=today - datetime.timedelta(days=3),
        ),
    )
    # another region's body is not shown
    make_body(world.bfc.users[Role.ARS_OFFICER], world.bfc.region, name="COSSIS BFC")
    page = new_page()
    login(page, live_server.url, officer.email)
    page.get_by_role("link", name="Gouvernance", exact=True).first.click()
    page.get_by_role("link", name=f"Gouvernance de la région {world.ara.region.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Gouvernance — {world.ara.region.name}"
    )
    bodies = page.get_by_role("table", name="Instances de la région")
    expect(bodies.get_by_role("link", name="COSSIS ARA")).to_be_visible()
    expect(bodies).not_to_contain_text("COSSIS BFC")
    meetings = page.get_by_role("table", name="Prochaines réunions")
    upcoming = meetings.get_by_role("row").filter(has_text="COSSIS d'hiver")
    expect(upcoming).to_contain_text(soon.strftime("%d/%m/%Y") + " 14:00")
    expect(meetings).not_to_contain_text("COSSIS de printemps")
    actions = page.get_by_role("table", name="Actions ouvertes — 1 en retard")
    late = actions.get_by_role("row").filter(has_text="Relancer les établissements")
    expect(late).to_contain_text("en retard")
    expect(late.get_by_role("link", name="COSSIS ARA — COSSIS de printemps")).to_be_visible()
    assert_accessible(page, [page.url])
