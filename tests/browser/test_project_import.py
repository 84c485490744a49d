"""The ARS officer imports a table of projects through the portfolio page: from the project
list to the import page, a dry run that writes nothing, a file with a problem named by line and
column, then the import."""

import pytest

from pilote.comptes.models import Role
from pilote.portefeuille.models import Project
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

HEADER = "region;code;intitule;description;moa;phase;socle\n"


def upload(page, path, dry_run: bool):
    page.get_by_label("Tableau des projets (CSV ou XLSX)").set_input_files(str(path))
    box = page.get_by_label("Essai à blanc : vérifier sans rien enregistrer")
    box.set_checked(dry_run, force=True)
    page.get_by_role("button", name="Importer").click()


def test_the_officer_checks_then_imports_a_table(live_server, world, framework, new_page, tmp_path):
    code = world.bfc.region.code
    good = tmp_path / "portefeuille.csv"
    good.write_bytes(
        (
            HEADER + f"{code};TLM-EHPAD;Téléconsultation en EHPAD;;;deploiement;TELEMEDECINE\n"
        ).encode("cp1252")
    )
    bad = tmp_path / "erreur.csv"
    bad.write_text(HEADER + f"{code};X;Projet;;;en cours;\n", encoding="utf-8")
    page = new_page()
    login(page, live_server.url, world.bfc.users[Role.ARS_OFFICER].email)
    page.goto(f"{live_server.url}/portefeuille/")
    page.get_by_role("link", name="Importer un tableau").click()
    page.wait_for_url("**/portefeuille/importer/")

    upload(page, good, dry_run=True)
    assert "Essai à blanc — 1 projet(s) créé(s)" in page.get_by_role("status").inner_text()
    assert not Project.objects.exists()

    upload(page, bad, dry_run=False)
    status = page.get_by_role("status").inner_text()
    assert "1 problème(s) : rien n'a été importé." in status
    assert "ligne 2, colonne « phase » : « en cours » : phase inconnue" in status
    assert not Project.objects.exists()

    upload(page, good, dry_run=False)
    assert (
        "1 projet(s) créé(s), 0 modifié(s), 0 déjà à jour"
        in page.get_by_role("status").inner_text()
    )
    project = Project.objects.get()
    assert (project.title, project.moa) == ("Téléconsultation en EHPAD", world.bfc.grades)
