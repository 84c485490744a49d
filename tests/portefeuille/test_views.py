import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pilote.acteurs.pickers import organisation_label
from pilote.comptes.models import Role
from pilote.portefeuille import services
from pilote.portefeuille.models import ComplianceItem, GateDecision, Phase
from tests.factories import OrganisationFactory, ProjectFactory

PROJECT_PAGES = [
    "project",
    "project_planning",
    "project_compliance",
    "project_risks",
    "project_decisions",
    "project_history",
]


@pytest.mark.parametrize("page", PROJECT_PAGES)
def test_another_regions_officer_gets_404_on_every_project_tab(client, world, bfc_project, page):
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    assert client.get(reverse(f"portefeuille:{page}", args=[bfc_project.pk])).status_code == 404
    client.force_login(world.bfc.users[Role.ARS_READER])
    assert client.get(reverse(f"portefeuille:{page}", args=[bfc_project.pk])).status_code == 200


def test_a_shared_project_is_visible_in_the_other_region(client, world, bfc_project):
    bfc_project.other_regions.add(world.ara.region)
    client.force_login(world.ara.users[Role.ARS_READER])
    assert client.get(reverse("portefeuille:project", args=[bfc_project.pk])).status_code == 200


def test_another_region_cannot_edit_or_request(client, world, bfc_project):
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    assert (
        client.get(reverse("portefeuille:project_edit", args=[bfc_project.pk])).status_code == 404
    )
    response = client.post(
        reverse("portefeuille:gate_request", args=[bfc_project.pk]), {"to_phase": Phase.OPPORTUNITE}
    )
    assert response.status_code == 404
    assert not GateDecision.objects.exists()


def test_the_list_filters_and_stays_within_a_bounded_number_of_queries(
    client, world, framework, django_assert_max_num_queries, kept_todo_badge
):
    socle = {s.code: s for s in framework.socle_services.all()}
    for i in range(40):
        p = ProjectFactory(
            region=world.bfc.region,
            moa=world.bfc.hospital,
            moa_delegate=world.bfc.grades,
            phase=Phase.PRODUCTION if i % 2 else Phase.CADRAGE,
        )
        p.socle_services.set([socle["ROR"] if i % 4 == 1 else socle["DMP"]])
    ProjectFactory(region=world.ara.region, moa=world.ara.hospital, phase=Phase.PRODUCTION)
    client.force_login(world.bfc.users[Role.ARS_READER])
    url = reverse("portefeuille:list")
    client.get(url)  # the header's count of tasks, then kept (kept_todo_badge)
    with django_assert_max_num_queries(15):
        response = client.get(url, {"phase": Phase.PRODUCTION, "socle": "ROR"})
    assert response.context["page_obj"].paginator.count == 10
    with django_assert_max_num_queries(15):
        client.get(url)


def test_the_xlsx_export_carries_every_visible_column(client, world, bfc_project, framework):
    bfc_project.socle_services.set([framework.socle_services.get(code="ROR")])
    client.force_login(world.bfc.users[Role.ARS_READER])
    page = client.get(reverse("portefeuille:list")).content.decode()
    response = client.get(reverse("portefeuille:export_xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    headers = rows[0]
    for column in (
        "Code",
        "Intitulé",
        "Région",
        "Programme",
        "Phase",
        "Météo",
        "Impulsion",
        "MOA",
        "MOA déléguée",
        "Services du socle",
    ):
        assert column in headers
        assert f">{column}</th>" in page  # the same columns are on screen
    row = dict(zip(headers, rows[1], strict=True))
    assert row["Code"] == "BFC-ROR" and row["Services du socle"].startswith("Répertoire")
    assert row["MOA déléguée"] == world.bfc.grades.name
    assert len(rows) == 2


def test_the_compliance_form_saves_all_or_nothing(client, world, bfc_project):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    client.post(reverse("portefeuille:compliance_start", args=[bfc_project.pk]))
    items = list(ComplianceItem.objects.filter(project=bfc_project))
    data = {f"item-{i.pk}-applicable": "oui" for i in items}
    data[f"item-{items[0].pk}-met"] = "oui"  # no evidence: refused
    data[f"item-{items[1].pk}-met"] = "non"
    response = client.post(
        reverse("portefeuille:compliance_save", args=[bfc_project.pk]), data, follow=True
    )
    assert "indiquez la preuve du respect" in response.content.decode()
    assert not ComplianceItem.objects.filter(project=bfc_project, applicable=True).exists()
    data[f"item-{items[0].pk}-evidence"] = "Homologation PGSSI-S"
    client.post(reverse("portefeuille:compliance_save", args=[bfc_project.pk]), data)
    assert ComplianceItem.objects.filter(project=bfc_project, applicable=True).count() == len(items)


def test_a_refused_grid_keeps_what_was_typed_and_shows_each_problem_on_its_row(
    client, world, bfc_project
):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    client.post(reverse("portefeuille:compliance_start", args=[bfc_project.pk]))
    first, second, third = list(ComplianceItem.objects.filter(project=bfc_project))[:3]
    data = {
        f"item-{first.pk}-applicable": "oui",
        f"item-{first.pk}-met": "oui",  # no evidence
        f"item-{second.pk}-applicable": "non",
        f"item-{second.pk}-met": "oui",  # not applicable yet met
        f"item-{third.pk}-comment": "Audit prévu en juin",
    }
    response = client.post(reverse("portefeuille:compliance_save", args=[bfc_project.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="alert"') == 1
    assert "2 points sont à corriger" in page
    assert f'id="item-{first.pk}-error"' in page and f'id="item-{second.pk}-error"' in page
    assert 'value="Audit prévu en juin"' in page  # what was typed is still there
    assert "« Respecté : oui » demande une preuve" in page  # said beforehand too
    assert not ComplianceItem.objects.filter(project=bfc_project).exclude(comment="").exists()


def test_gates_through_the_pages(client, world, bfc_project):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    client.post(
        reverse("portefeuille:gate_request", args=[bfc_project.pk]),
        {"to_phase": Phase.OPPORTUNITE, "note": "Besoin exprimé en CASSIS"},
    )
    gate = GateDecision.objects.get()
    page = client.get(
        reverse("portefeuille:project_decisions", args=[bfc_project.pk])
    ).content.decode()
    assert "Approuver le passage" not in page  # the requester cannot decide
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = client.post(
        reverse("portefeuille:gate_decide", args=[bfc_project.pk, gate.pk]),
        {"decision": "approve", "basis": "COSSIS du 3 mars"},
        follow=True,
    )
    assert "Passage approuvé." in response.content.decode()
    bfc_project.refresh_from_db()
    assert bfc_project.phase == Phase.OPPORTUNITE
    history = client.get(
        reverse("portefeuille:project_history", args=[bfc_project.pk])
    ).content.decode()
    assert "COSSIS du 3 mars" in history
    gates_section = history.split("Demandes et décisions de passage")[1]
    assert "Aucune." not in gates_section and "Approuvée" in gates_section


def test_the_overview_and_the_national_comparison(
    client, world, bfc_project, framework, django_assert_max_num_queries, kept_todo_badge
):
    bfc_project.socle_services.set([framework.socle_services.get(code="ROR")])
    type(bfc_project).objects.filter(pk=bfc_project.pk).update(phase=Phase.PRODUCTION)
    client.force_login(world.national_reader)
    client.get(reverse("portefeuille:comparison"))  # the header's count of tasks, then kept
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portefeuille:comparison"))
    rows = {r["region"].name: r for r in response.context["rows"]}
    codes = [s.code for s in response.context["services"]]
    assert rows[world.bfc.region.name]["cells"][codes.index("ROR")] == 1
    assert rows[world.ara.region.name]["covered"] == 0
    overview = client.get(reverse("portefeuille:overview")).context
    assert dict(overview["by_phase"])["Généralisation / production"] == 1


def test_the_catalogue_is_public(client, world, bfc_project):
    type(bfc_project).objects.filter(pk=bfc_project.pk).update(phase=Phase.DEPLOIEMENT)
    bfc_project.refresh_from_db()
    manager, officer = world.bfc.users[Role.GRADES_MANAGER], world.bfc.users[Role.ARS_OFFICER]
    gate = services.request_gate(
        acting_user=manager, project=bfc_project, to_phase=Phase.PRODUCTION
    )
    services.decide_gate(acting_user=officer, gate=gate, approve=True, basis="Bilan du pilote")
    client.logout()
    page = client.get(reverse("catalogue:region", args=[world.bfc.region.code]))
    assert page.status_code == 200
    assert "ROR BFC" in page.content.decode() and world.bfc.grades.name in page.content.decode()
    other = client.get(reverse("catalogue:region", args=[world.ara.region.code])).content.decode()
    assert "ROR BFC" not in other


def test_only_national_administrators_see_framework_edit_buttons(client, world, framework):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    page = client.get(reverse("cadre:version", args=[2016])).content.decode()
    assert "Préparer la version 2017" not in page
    response = client.post(reverse("cadre:version_next", args=[2016]), follow=True)
    assert "Seul le niveau national" in response.content.decode()
    client.force_login(world.national_admin)
    response = client.post(reverse("cadre:version_next", args=[2016]), follow=True)
    assert "Version 2017 créée" in response.content.decode()
    diff = client.get(reverse("cadre:diff"), {"de": 2016, "a": 2017}).content.decode()
    assert "Aucune évolution." in diff


def test_the_history_tab_shows_socle_service_changes(client, world, bfc_project, framework):
    from pilote.portefeuille import services as portfolio_services

    officer = world.bfc.users[Role.ARS_OFFICER]
    portfolio_services.update_project(
        acting_user=officer,
        project=bfc_project,
        values={},
        socle_services=[framework.socle_services.get(code="ROR")],
    )
    client.force_login(officer)
    page = client.get(reverse("portefeuille:project_history", args=[bfc_project.pk]))
    assert page.status_code == 200
    assert "Répertoire opérationnel des ressources (ROR)" in page.content.decode()


def test_a_refused_gate_request_keeps_the_typed_justification(client, world, bfc_project):
    bfc_project.phase = Phase.OPPORTUNITE
    bfc_project.save()
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    response = client.post(
        reverse("portefeuille:gate_request", args=[bfc_project.pk]),
        {"to_phase": Phase.CADRAGE, "note": "Étude présentée au COSSIS de mars"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Joignez l&#x27;étude d&#x27;opportunité" in page or "Joignez l'étude" in page
    assert "Étude présentée au COSSIS de mars" in page
    assert not GateDecision.objects.exists()


def test_a_decision_on_a_gate_decided_meanwhile_says_so(client, world, bfc_project):
    from pilote.portefeuille import services

    requester = world.bfc.users[Role.GRADES_MANAGER]
    gate = services.request_gate(acting_user=requester, project=bfc_project, to_phase="opportunite")
    services.decide_gate(
        acting_user=world.bfc.users[Role.ARS_OFFICER], gate=gate, approve=False, basis="Non"
    )
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = client.post(
        reverse("portefeuille:gate_decide", args=[bfc_project.pk, gate.pk]),
        {"decision": "approve", "basis": "Avis favorable du COSSIS"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "déjà été décidée" in page
    gate.refresh_from_db()
    assert gate.decision_basis == "Non"


def test_whoever_waits_on_a_gate_is_told_who_decides_it(client, world, bfc_project):
    from pilote.portefeuille import services

    requester = world.bfc.users[Role.GRADES_MANAGER]
    services.request_gate(acting_user=requester, project=bfc_project, to_phase="opportunite")
    client.force_login(requester)
    page = client.get(
        reverse("portefeuille:project_decisions", args=[bfc_project.pk])
    ).content.decode()
    officer = world.bfc.users[Role.ARS_OFFICER]
    assert "En attente de la décision de" in page and officer.email in page
    assert requester.email not in page.split("En attente de la décision de")[1].split("</p>")[0]


def test_the_owner_filter_lists_the_first_owners_and_the_search_narrows_it(
    client, world, monkeypatch
):
    """Nationally several hundred owners: the filter lists the first ones (the picker's search
    narrows the list as the user types, or on submitting the form without JavaScript); an
    owner beyond them is still accepted and stays selected."""
    monkeypatch.setattr("pilote.acteurs.pickers.SEARCH_LIMIT", 3)
    monkeypatch.setattr("pilote.acteurs.views_picker.SEARCH_LIMIT", 3)
    for i in range(5):
        owner = OrganisationFactory(name=f"CH Numéro {i}", departement=world.bfc.departement)
        ProjectFactory(region=world.bfc.region, moa=owner, moa_delegate=world.bfc.grades)
    ProjectFactory(region=world.ara.region, moa=world.ara.hospital, title="Projet lyonnais")
    client.force_login(world.national_reader)
    url = reverse("portefeuille:list")

    def options(response) -> list[str]:
        field = response.context["form"]["moa"]
        return [label for value, label in field.field.widget.choices if value]

    listed = options(client.get(url))
    assert len(listed) == 3  # of 7 owners (5 hospitals, BFC's GRADeS, ARA's hospital)
    page = client.get(url).content.decode()
    assert "Les 3 premières sont listées : précisez la recherche." in page
    assert 'name="moa__recherche"' in page and "data-picker-search hidden" not in page
    narrowed = client.get(url, {"moa__recherche": world.ara.hospital.name})
    assert options(narrowed) == [organisation_label(world.ara.hospital)]
    chosen = client.get(url, {"moa": world.ara.hospital.pk})
    assert organisation_label(world.ara.hospital) in options(chosen)
    assert [p.title for p in chosen.context["page_obj"]] == ["Projet lyonnais"]
    # the search as you type offers the same owners, and no one else's organisation
    picker = client.get(
        reverse("acteurs:picker_options"),
        {"champ": "moa", "portee": "moa", "id": "id_moa", "moa__recherche": "Numéro"},
    ).content.decode()
    assert picker.count("<option") == 3 and "5 structures trouvées" in picker
