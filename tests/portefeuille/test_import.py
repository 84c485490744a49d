"""The portfolio import (issue 13 § 1): a table of projects, all or nothing, idempotent on
(region, code), each problem named by line and column, rights checked line by line; the
command and the page."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from pilote.acteurs.models import OrganisationType
from pilote.comptes.models import Role
from pilote.portefeuille.imports import import_projects
from pilote.portefeuille.models import Phase, Project
from tests.factories import OrganisationFactory

HEADER = "region;code;intitule;description;moa;phase;socle\n"


@pytest.fixture
def officer(world):
    return world.bfc.users[Role.ARS_OFFICER]


@pytest.fixture
def bfc(world, framework):
    """BFC's hospital with a FINESS ET, its legal entity with a FINESS EJ and SIRET."""
    world.bfc.hospital.finess_et = "210780581"
    world.bfc.hospital.save()
    world.bfc.entity = OrganisationFactory(
        name="CHU Dijon Bourgogne",
        is_legal_entity=True,
        finess_ej="210780607",
        siret="26210004400018",
        departement=world.bfc.departement,
    )
    return world.bfc


def table(world, *lines, encoding="utf-8"):
    codes = {"bfc": world.bfc.region.code, "ara": world.ara.region.code}
    body = "".join(line.format(**codes) + "\n" for line in lines)
    return (HEADER + body).encode(encoding)


GOOD = (
    "{bfc};TLM-EHPAD;Téléconsultation en EHPAD;Chariots dans 40 EHPAD;;Déploiement;telemedecine",
    "{bfc};ROR-BFC;Répertoire opérationnel;;210780581;realisation;ROR",
    "{bfc};MSS-ES;Messagerie sécurisée des établissements;;;;MSSante, dmp",
)


def test_a_table_creates_projects_through_the_services(world, bfc, officer):
    outcome = import_projects(table(world, *GOOD), acting_user=officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert (outcome.created, outcome.updated, outcome.unchanged) == (3, 0, 0)
    tlm = Project.objects.get(code="TLM-EHPAD")
    assert (tlm.region, tlm.moa, tlm.phase) == (bfc.region, bfc.grades, Phase.DEPLOIEMENT)
    assert tlm.description == "Chariots dans 40 EHPAD"
    assert [s.code for s in tlm.socle_services.all()] == ["TELEMEDECINE"]
    ror = Project.objects.get(code="ROR-BFC")
    assert (ror.moa, ror.phase) == (bfc.hospital, Phase.REALISATION)
    mss = Project.objects.get(code="MSS-ES")
    assert mss.phase == Phase.IDEE
    assert sorted(s.code for s in mss.socle_services.all()) == ["DMP", "MSSANTE"]
    assert {h.history_user for h in tlm.history.all()} == {officer}
    assert tlm.history.last().history_change_reason == "Création"


def test_a_second_import_of_the_same_file_changes_nothing(world, bfc, officer):
    data = table(world, *GOOD)
    assert import_projects(data, acting_user=officer).ok
    history = Project.history.count()
    again = import_projects(data, acting_user=officer)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert str(again) == "0 projet(s) créé(s), 0 modifié(s), 3 déjà à jour"
    assert Project.history.count() == history


def test_a_changed_line_updates_its_project_with_history(world, bfc, officer):
    assert import_projects(table(world, *GOOD), acting_user=officer).ok
    changed = "{bfc};ROR-BFC;ROR régional;Annuaire des offres;210780607;realisation;ror,dmp"
    outcome = import_projects(table(world, *GOOD[:1], changed), acting_user=officer)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
    ror = Project.objects.get(code="ROR-BFC")
    assert (ror.title, ror.description, ror.moa) == (
        "ROR régional",
        "Annuaire des offres",
        bfc.entity,
    )
    assert sorted(s.code for s in ror.socle_services.all()) == ["DMP", "ROR"]
    latest = ror.history.first()
    assert (latest.title, latest.history_user) == ("ROR régional", officer)
    assert latest.history_change_reason == "Modification"


def test_one_bad_line_changes_nothing_and_names_line_and_column(world, bfc, officer):
    data = table(
        world,
        *GOOD,
        "{bfc};XX-1;Projet;;Clinique inconnue;en cours;ROR,ZZZ",
        "99;;;;;;",
    )
    outcome = import_projects(data, acting_user=officer)
    problems = [str(p) for p in outcome.problems]
    assert problems[0].startswith("ligne 5, colonne « moa » : « Clinique inconnue » : aucune")
    assert problems[1].startswith("ligne 5, colonne « phase » : « en cours » : phase inconnue")
    assert problems[2].startswith(
        "ligne 5, colonne « socle » : service(s) du socle inconnu(s) : ZZZ"
    )
    unknown_region = "« 99 » n'est pas le code INSEE d'une région actuelle (27, 84…)"
    assert problems[3] == "ligne 6, colonne « region » : " + unknown_region
    assert problems[4:] == [
        "ligne 6, colonne « code » : code du projet manquant",
        "ligne 6, colonne « intitule » : intitulé du projet manquant",
    ]
    assert str(outcome) == "6 problème(s) : rien n'a été importé."
    assert not Project.objects.exists()


def test_a_refusal_by_the_services_rolls_back_the_lines_before_it(world, bfc, officer):
    long_code = "C" * 31
    data = table(world, *GOOD, "{bfc};" + long_code + ";Trop long;;;;")
    outcome = import_projects(data, acting_user=officer)
    [problem] = outcome.problems
    assert (problem.line, problem.column) == (5, "code")
    assert not Project.objects.exists()


def test_a_project_twice_in_the_file_is_named(world, bfc, officer):
    outcome = import_projects(table(world, GOOD[0], GOOD[0]), acting_user=officer)
    assert [str(p) for p in outcome.problems] == [
        "ligne 3, colonne « code » : même région et même code que la ligne 2"
    ]


def test_the_phase_of_a_known_project_changes_by_a_gate_not_by_import(world, bfc, officer):
    assert import_projects(table(world, *GOOD), acting_user=officer).ok
    moved = "{bfc};ROR-BFC;Répertoire opérationnel;;210780581;Expérimentation;ROR"
    outcome = import_projects(table(world, moved), acting_user=officer)
    [problem] = outcome.problems
    assert (problem.line, problem.column) == (2, "phase")
    assert "décision de passage" in problem.message
    assert Project.objects.get(code="ROR-BFC").phase == Phase.REALISATION
    # an empty phase leaves a known project's phase as it is
    same = "{bfc};ROR-BFC;Répertoire opérationnel;;210780581;;ROR"
    assert import_projects(table(world, same), acting_user=officer).unchanged == 1


def test_phase_by_code_or_label_any_case_and_accents(world, bfc, officer):
    lines = [
        "{bfc};P1;Un;;;opportunite;",
        "{bfc};P2;Deux;;;Étude d'opportunité;",
        "{bfc};P3;Trois;;;ETUDE D'OPPORTUNITE;",
        "{bfc};P4;Quatre;;;Généralisation / production;",
        "{bfc};P5;Cinq;;;ARRETE;",
    ]
    assert import_projects(table(world, *lines), acting_user=officer).ok
    phases = dict(Project.objects.values_list("code", "phase"))
    assert phases == {
        "P1": Phase.OPPORTUNITE,
        "P2": Phase.OPPORTUNITE,
        "P3": Phase.OPPORTUNITE,
        "P4": Phase.PRODUCTION,
        "P5": Phase.ARRETE,
    }


def test_moa_by_finess_et_finess_ej_siret_name_or_empty(world, bfc, officer):
    lines = [
        "{bfc};M1;Un;;210780581;;",
        "{bfc};M2;Deux;;210780607;;",
        "{bfc};M3;Trois;;26210004400018;;",
        "{bfc};M4;Quatre;;CHU Dijon Bourgogne;;",
        "{bfc};M5;Cinq;;;;",
    ]
    assert import_projects(table(world, *lines), acting_user=officer).ok
    moas = dict(Project.objects.values_list("code", "moa"))
    assert moas == {
        "M1": bfc.hospital.pk,
        "M2": bfc.entity.pk,
        "M3": bfc.entity.pk,
        "M4": bfc.entity.pk,
        "M5": bfc.grades.pk,
    }


def test_the_moa_is_an_organisation_of_the_lines_region(world, bfc):
    ara_hospital = world.ara.hospital
    outcome = import_projects(
        table(world, "{bfc};M1;Un;;" + ara_hospital.name + ";;"), acting_user=world.national_admin
    )
    [problem] = outcome.problems
    assert (problem.line, problem.column) == (2, "moa")
    assert "aucune structure de la région Bourgogne-Franche-Comté" in problem.message


def test_an_empty_moa_needs_one_active_grades(world, bfc, officer):
    OrganisationFactory(
        name="Second GRADeS", type=OrganisationType.GRADES, departement=bfc.departement
    )
    outcome = import_projects(table(world, "{bfc};M1;Un;;;;"), acting_user=officer)
    [problem] = outcome.problems
    assert (problem.line, problem.column) == (2, "moa")
    assert "2 GRADeS actif(s)" in problem.message


def test_rights_are_checked_line_by_line(world, bfc):
    both = ("{bfc};B1;En BFC;;;;", "{ara};A1;En ARA;;;;")
    officer = bfc.users[Role.ARS_OFFICER]
    outcome = import_projects(table(world, *both), acting_user=officer)
    assert [str(p) for p in outcome.problems] == [
        "ligne 3, colonne « region » : vous ne pouvez pas importer de projets dans la région "
        "Auvergne-Rhône-Alpes"
    ]
    assert not Project.objects.exists()
    # the GRADeS manager creates projects by hand but does not import the region's portfolio
    manager = bfc.users[Role.GRADES_MANAGER]
    refused = import_projects(table(world, both[0]), acting_user=manager)
    assert [(p.line, p.column) for p in refused.problems] == [(2, "region")]
    # the national administrator imports into any region
    outcome = import_projects(table(world, *both), acting_user=world.national_admin)
    assert outcome.ok and outcome.created == 2
    assert Project.objects.get(code="A1").moa == world.ara.grades


def test_a_windows_1252_csv_is_read(world, bfc, officer):
    data = table(world, *GOOD, encoding="cp1252")
    outcome = import_projects(data, acting_user=officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert Project.objects.get(code="TLM-EHPAD").title == "Téléconsultation en EHPAD"


def test_an_xlsx_written_by_openpyxl_is_read_back(world, bfc, officer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Région", "Code", "Intitulé", "Description", "MOA", "Phase", "Socle"])
    sheet.append(
        [
            int(bfc.region.code) if bfc.region.code.isdigit() else bfc.region.code,
            "X-1",
            "Télé-expertise",
            "",
            210780581,
            "Cadrage",
            "Telemedecine",
        ]
    )
    sheet.append([bfc.region.code, "X-2", "Annuaire", "", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = import_projects(buffer.getvalue(), acting_user=officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    x1 = Project.objects.get(code="X-1")
    assert (x1.title, x1.moa, x1.phase) == ("Télé-expertise", bfc.hospital, Phase.CADRAGE)
    assert Project.objects.get(code="X-2").moa == bfc.grades


def test_a_header_without_the_issues_columns_is_refused(world, bfc, officer):
    outcome = import_projects(b"region;code;titre\n27;A;B\n", acting_user=officer)
    [problem] = outcome.problems
    assert problem.line == 1
    assert "colonnes manquantes : intitule, description, moa, phase, socle" in problem.message


def test_a_dry_run_writes_nothing(world, bfc, officer):
    outcome = import_projects(table(world, *GOOD), acting_user=officer, dry_run=True)
    assert outcome.ok and outcome.created == 3
    assert str(outcome).startswith("Essai à blanc — 3 projet(s) créé(s)")
    assert not Project.objects.exists()


def test_the_command_with_its_dry_run(world, bfc, officer, tmp_path, capsys):
    path = tmp_path / "portefeuille.csv"
    path.write_bytes(table(world, *GOOD, encoding="cp1252"))
    call_command("import_projects", str(path), "--user", officer.email, "--dry-run")
    assert "Essai à blanc" in capsys.readouterr().out
    assert not Project.objects.exists()
    call_command("import_projects", str(path), "--user", officer.email)
    assert "3 projet(s) créé(s)" in capsys.readouterr().out
    assert Project.objects.count() == 3
    path.write_bytes(table(world, "{ara};A1;En ARA;;;;"))
    with pytest.raises(CommandError, match="Fichier refusé"):
        call_command("import_projects", str(path), "--user", officer.email)
    assert "ligne 2, colonne « region »" in capsys.readouterr().err
    with pytest.raises(CommandError, match="Compte inconnu"):
        call_command("import_projects", str(path), "--user", "personne@example.org")


def test_the_page_imports_for_the_ars_and_is_hidden_from_others(client, world, bfc, officer):
    url = reverse("portefeuille:import")
    client.force_login(bfc.users[Role.GRADES_MANAGER])
    assert client.get(url).status_code == 404
    client.force_login(officer)
    page = client.get(url)
    assert page.status_code == 200
    assert "Essai à blanc" in page.content.decode()
    upload = io.BytesIO(table(world, *GOOD))
    upload.name = "portefeuille.csv"
    response = client.post(url, {"file": upload, "dry_run": "on"})
    assert "Essai à blanc — 3 projet(s) créé(s)" in response.content.decode()
    assert not Project.objects.exists()
    upload = io.BytesIO(table(world, *GOOD, "{ara};A1;En ARA;;;;"))
    upload.name = "portefeuille.csv"
    response = client.post(url, {"file": upload})
    text = response.content.decode()
    assert "1 problème(s) : rien n&#x27;a été importé." in text
    assert "ligne 5, colonne « region »" in text
    upload = io.BytesIO(table(world, *GOOD))
    upload.name = "portefeuille.csv"
    response = client.post(url, {"file": upload})
    assert "3 projet(s) créé(s)" in response.content.decode()
    assert Project.objects.count() == 3
    listing = client.get(reverse("portefeuille:list")).content.decode()
    assert url in listing
