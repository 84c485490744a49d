import json

from pilote.comptes.models import Role
from pilote.territoires.models import Level, Territory
from tests.factories import OrganisationFactory


def test_health_answers_without_login(client, db):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_openapi_document_describes_the_endpoints(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "API Pilote"
    for path in (
        "/api/v1/health",
        "/api/v1/territories",
        "/api/v1/organisations",
        "/api/v1/organisations/{organisation_id}",
    ):
        assert path in doc["paths"], path
    assert client.get("/api/v1/docs").status_code == 200


def test_territories_are_public_and_dated(client, reference):
    today = client.get("/api/v1/territories", {"level": "region"}).json()
    names = {t["name"] for t in today}
    assert "Bourgogne-Franche-Comté" in names and "Bourgogne" not in names
    in_2014 = client.get(
        "/api/v1/territories", {"level": "region", "valid_on": "2014-06-01"}
    ).json()
    assert "Bourgogne" in {t["name"] for t in in_2014}


def test_a_former_territory_gives_its_current_one(client, reference):
    bourgogne = Territory.objects.get(level=Level.REGION, code="26", valid_to__isnull=False)
    current = client.get(f"/api/v1/territories/{bourgogne.pk}/current").json()
    assert current["name"] == "Bourgogne-Franche-Comté"


def test_organisations_are_paginated_and_filterable(client, world):
    for i in range(60):
        OrganisationFactory(
            name=f"EHPAD {i:02d}", type="medico_social", departement=world.bfc.departement
        )
    client.force_login(world.bfc.users[Role.ARS_READER])
    page1 = client.get("/api/v1/organisations", {"type": "medico_social"}).json()
    assert page1["count"] == 60 and len(page1["items"]) == 50
    page2 = client.get("/api/v1/organisations", {"type": "medico_social", "page": 2}).json()
    assert len(page2["items"]) == 10
    found = client.get("/api/v1/organisations", {"q": "EHPAD 07"}).json()
    assert [o["name"] for o in found["items"]] == ["EHPAD 07"]
    by_region = client.get("/api/v1/organisations", {"region": world.bfc.region.code}).json()
    assert by_region["count"] == 63
    assert by_region["items"][0]["region"] == world.bfc.region.code


def test_a_patch_goes_through_the_service_and_its_history(client, world):
    officer = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(officer)
    org = world.bfc.hospital
    response = client.patch(
        f"/api/v1/organisations/{org.pk}",
        json.dumps({"siret": "123"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "14 chiffres" in json.dumps(response.json(), ensure_ascii=False)
    org.refresh_from_db()
    assert org.siret == "" and org.history.count() == 1
    response = client.patch(
        f"/api/v1/organisations/{org.pk}",
        json.dumps({"siret": "26210001600019"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert org.history.latest().history_user == officer


def test_session_writes_need_the_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = client.patch(
        f"/api/v1/organisations/{world.bfc.hospital.pk}",
        json.dumps({"short_name": "X"}),
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    world.bfc.hospital.refresh_from_db()
    assert world.bfc.hospital.short_name == ""


def test_the_api_docs_use_no_cdn(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in page and "swagger-ui-bundle.js" in page
