"""The access leaks a review proved (issue "one source of truth for who may do what"): each is
reproduced here as it was found, through the API or the pages, and must stay closed."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pilote.acteurs import services as acteurs_services
from pilote.acteurs.models import Function, Organisation, Person
from pilote.comptes.models import Role
from pilote.indicateurs.models import DataElement, DataValue
from pilote.indicateurs.values import save_value
from pilote.portefeuille.models import GateDecision, GateStatus, Project, Strategy
from tests.factories import ProjectFactory


def patch(client, url, payload):
    return client.patch(url, json.dumps(payload), content_type="application/json")


def post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def bfc_value(raw: str, world) -> dict:
    """A data-value set of one value for the BFC region in the 2026S2 campaign."""
    value = {"dataElement": "DMP_CREES", "orgUnit": world.bfc.region.code, "period": "2026S2"}
    return {"dataValues": [{**value, "value": raw}]}


# --- 0. an organisation's members cannot move it into another region ----------------------


@pytest.mark.parametrize("role", [Role.GRADES_MANAGER, Role.PROJECT_OWNER])
def test_a_member_cannot_move_their_organisation_into_another_region(client, world, role):
    user = world.bfc.users[role]
    own = world.bfc.grades if role == Role.GRADES_MANAGER else world.bfc.hospital
    client.force_login(user)
    url = f"/api/v1/organisations/{own.pk}"
    for change in ({"departement": world.ara.departement.code}, {"type": "ars"}):
        response = patch(client, url, change)
        assert response.status_code == 403, change
        assert "pas par ses membres" in response.json()["detail"]
    own.refresh_from_db()
    assert own.region == world.bfc.region and own.history.count() == 1
    # and the user still reads nothing of the other region
    other = ProjectFactory(region=world.ara.region, moa=world.ara.hospital, code="ARA-1")
    assert client.get(f"/api/v1/portfolio/projects/{other.pk}").status_code == 404
    # the other fields of their own organisation remain theirs to change
    assert patch(client, url, {"short_name": "NOUVEAU"}).status_code == 200


def test_the_region_s_ars_and_the_national_administrator_may_relocate(client, world):
    hospital = world.bfc.hospital
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    url = f"/api/v1/organisations/{hospital.pk}"
    assert patch(client, url, {"departement": world.ara.departement.code}).status_code == 200
    hospital.refresh_from_db()
    assert hospital.region == world.ara.region
    # now in ARA: the BFC officer neither sees it nor moves it back
    assert patch(client, url, {"departement": world.bfc.departement.code}).status_code == 404
    client.force_login(world.national_admin)
    assert patch(client, url, {"departement": world.bfc.departement.code}).status_code == 200


def test_the_edit_page_does_not_offer_the_region_to_a_member(client, world):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    grades = world.bfc.grades
    page = client.get(reverse("acteurs:edit", args=[grades.pk])).content.decode()
    assert 'name="departement"' in page and "disabled" in page
    form = {
        "name": "GRADeS renommé",
        "type": "ars",
        "departement": world.ara.departement.pk,
        "is_active": "on",
    }
    client.post(reverse("acteurs:edit", args=[grades.pk]), form)
    grades.refresh_from_db()
    # disabled fields keep their value: the name changed, the type and region did not
    assert (grades.name, grades.type, grades.region) == (
        "GRADeS renommé",
        "grades",
        world.bfc.region,
    )


# --- 1. a national reader writes nothing --------------------------------------------------


def test_a_national_reader_cannot_import_values_through_the_api(client, world, campaign):
    client.force_login(world.national_reader)
    payload = bfc_value("12", world)
    response = post(client, f"/api/v1/indicators/campaigns/{campaign.pk}/datavaluesets", payload)
    assert response.status_code == 403
    assert "aucun rapport" in response.json()["detail"]
    assert not DataValue.objects.exists()


def test_the_import_and_the_form_agree_for_the_national_administrator(client, world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    element = DataElement.objects.get(code="DMP_CREES")
    save_value(acting_user=world.national_admin, report=report, element=element, raw="3")
    client.force_login(world.national_admin)
    payload = bfc_value("4", world)
    url = f"/api/v1/indicators/campaigns/{campaign.pk}/datavaluesets"
    assert post(client, url, payload).status_code == 200
    assert DataValue.objects.get(report=report, data_element=element).value == 4
    with pytest.raises(PermissionDenied):
        save_value(acting_user=world.national_reader, report=report, element=element, raw="5")


# --- 2. a project owner reads only their establishment's values ---------------------------


def test_a_project_owner_exports_only_their_establishment_s_values(client, world, establishments):
    from tests.indicateurs.test_establishment_reports import by_establishment, open_for

    dataset, hospital, other, _lyon = establishments
    by_establishment(dataset, [hospital, other])
    campaign = open_for(world, dataset)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    element = DataElement.objects.get(code="DMP_CREES")
    for report, raw in zip(
        campaign.reports.order_by("organisation__name"), ("7", "9"), strict=True
    ):
        save_value(acting_user=manager, report=report, element=element, raw=raw)

    url = f"/api/v1/indicators/datavaluesets?campaign={campaign.pk}"
    client.force_login(world.bfc.users[Role.PROJECT_OWNER])
    rows = client.get(url).json()
    assert [r["orgUnit"] for r in rows] == [hospital.finess_et]
    client.force_login(manager)
    assert {r["orgUnit"] for r in client.get(url).json()} == {hospital.finess_et, other.finess_et}
    client.force_login(world.ara.users[Role.GRADES_MANAGER])
    assert client.get(url).json() == []


# --- 3. a project's MOA belongs to its region ---------------------------------------------


def test_a_project_cannot_get_a_moa_from_another_region(client, world, framework):
    payload = {
        "region": world.bfc.region.code,
        "code": "BFC-X",
        "title": "Projet X",
        "moa_id": world.ara.hospital.pk,
        "impulsion": "ars",
    }
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = post(client, "/api/v1/portfolio/projects", payload)
    assert response.status_code == 404  # the BFC officer does not even see the ARA hospital
    client.force_login(world.national_admin)
    response = post(client, "/api/v1/portfolio/projects", payload)
    assert response.status_code == 422
    assert "moa" in response.json()["detail"]
    assert not Project.objects.exists()
    payload["moa_id"] = world.bfc.hospital.pk
    assert post(client, "/api/v1/portfolio/projects", payload).status_code == 201


# --- 4. adding a person never picks someone of another region -----------------------------


def test_adding_a_person_does_not_match_a_person_of_another_region(client, world):
    occitan = acteurs_services.add_person_with_function(
        acting_user=world.ara.users[Role.ARS_OFFICER],
        organisation=world.ara.hospital,
        person_values={"first_name": "Réelle", "last_name": "Personne", "email": "x@ara.fr"},
        title="Directrice",
    ).person
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    form = {"first_name": "Saisi", "last_name": "Nom", "email": "X@ara.fr", "title": "DSI"}
    client.post(reverse("acteurs:person_add", args=[world.bfc.hospital.pk]), form)
    function = Function.objects.get(organisation=world.bfc.hospital)
    assert function.person != occitan
    assert (function.person.first_name, function.person.last_name) == ("Saisi", "Nom")
    occitan.refresh_from_db()
    assert occitan.functions.count() == 1 and occitan.first_name == "Réelle"
    # within a region, the same e-mail is the same person
    acteurs_services.add_person_with_function(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        organisation=world.bfc.grades,
        person_values={"first_name": "Autre", "last_name": "Saisie", "email": "x@ara.fr"},
        title="Référent",
    )
    assert Person.objects.filter(email="x@ara.fr").count() == 2


# --- 5. campaign pages list only the reports within the user's scope ----------------------


def test_a_campaign_page_lists_only_the_user_s_reports(client, world, campaign):
    client.force_login(world.bfc.users[Role.ARS_READER])
    page = client.get(reverse("indicateurs:campaign", args=[campaign.pk])).content.decode()
    assert world.bfc.region.name in page
    assert world.ara.region.name not in page
    client.force_login(world.national_reader)
    page = client.get(reverse("indicateurs:campaign", args=[campaign.pk])).content.decode()
    assert world.ara.region.name in page


# --- also: every write through a service, with its history --------------------------------


def test_a_strategy_created_through_the_api_has_its_history(client, world):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    payload = {
        "region": world.bfc.region.code,
        "title": "Stratégie",
        "start_year": 2026,
        "end_year": 2030,
    }
    assert post(client, "/api/v1/portfolio/strategies", payload).status_code == 201
    strategy = Strategy.objects.get()
    assert strategy.history.get().history_user == world.bfc.users[Role.ARS_OFFICER]
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    assert post(client, "/api/v1/portfolio/strategies", payload).status_code == 403
    assert Strategy.objects.count() == 1


def test_pending_gates_refused_by_a_convergence_keep_their_history(world, bfc_project):
    from pilote.portefeuille import services

    owner = world.bfc.users[Role.GRADES_MANAGER]
    gate = services.request_gate(acting_user=owner, project=bfc_project, to_phase="opportunite")
    target = ProjectFactory(region=world.bfc.region, moa=world.bfc.hospital, code="BFC-CIBLE")
    officer = world.bfc.users[Role.ARS_OFFICER]
    services.converge(acting_user=officer, source=bfc_project, target=target, reason="Doublon")
    gate = GateDecision.objects.get(pk=gate.pk)
    assert gate.status == GateStatus.REFUSED
    latest = gate.history.latest()
    assert latest.history_user == officer and latest.status == GateStatus.REFUSED


@pytest.mark.parametrize("acting_user", [None, "anonymous"])
def test_a_service_called_without_a_user_is_refused(world, acting_user):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if acting_user == "anonymous" else None
    hospital = world.bfc.hospital
    with pytest.raises(PermissionDenied):
        acteurs_services.update_organisation(
            acting_user=user, organisation=hospital, values={"name": "Piraté"}
        )
    with pytest.raises(PermissionDenied):
        acteurs_services.create_organisation(
            acting_user=user, region=world.bfc.region, name="X", departement=world.bfc.departement
        )
    assert Organisation.objects.filter(name__in=["Piraté", "X"]).count() == 0
