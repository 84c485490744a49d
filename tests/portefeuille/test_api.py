import json

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.portefeuille.models import GateDecision, Phase, Project


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_framework_is_public(client, framework):
    versions = client.get("/api/v1/framework/versions").json()
    assert [v["year"] for v in versions] == [2016]
    detail = client.get("/api/v1/framework/versions/2016").json()
    assert len(detail["principles"]) == 14
    assert "ROR" in {s["code"] for s in detail["socle_services"]}


def test_only_a_national_administrator_prepares_the_next_version(client, world, framework):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    assert client.post("/api/v1/framework/versions/2016/next").status_code == 403
    client.force_login(world.national_admin)
    assert client.post("/api/v1/framework/versions/2016/next").json()["year"] == 2017


def test_another_regions_officer_cannot_read_or_change_a_project(client, world, bfc_project):
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    url = f"/api/v1/portfolio/projects/{bfc_project.pk}"
    assert client.get(url).status_code == 404
    assert patch(client, url, {"title": "Piraté"}).status_code == 404
    assert post(client, url + "/gates", {"to_phase": "opportunite"}).status_code == 404
    listed = client.get("/api/v1/portfolio/projects").json()
    assert bfc_project.pk not in {p["id"] for p in listed["items"]}
    bfc_project.refresh_from_db()
    assert bfc_project.title == "ROR BFC" and not GateDecision.objects.exists()


def test_a_reader_cannot_change_a_project(client, world, bfc_project):
    client.force_login(world.bfc.users[Role.ARS_READER])
    response = patch(client, f"/api/v1/portfolio/projects/{bfc_project.pk}", {"title": "X"})
    assert response.status_code == 403


def test_a_project_is_created_changed_and_moved_through_the_api(client, world, framework):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    response = post(
        client,
        "/api/v1/portfolio/projects",
        {
            "region": world.bfc.region.code,
            "code": "BFC-TLM",
            "title": "Télémédecine",
            "moa_id": world.bfc.ars.pk,
            "moa_delegate_id": world.bfc.grades.pk,
            "impulsion": "ars",
            "socle_services": ["TELEMEDECINE"],
        },
    )
    assert response.status_code == 201, response.content
    project_id = response.json()["id"]
    assert response.json()["socle_services"] == ["TELEMEDECINE"]
    bad = patch(client, f"/api/v1/portfolio/projects/{project_id}", {"health": "risque"})
    assert bad.status_code == 422 and "motif" in json.dumps(bad.json(), ensure_ascii=False)
    unknown = patch(client, f"/api/v1/portfolio/projects/{project_id}", {"socle_services": ["XYZ"]})
    assert unknown.status_code == 422
    gate = post(
        client, f"/api/v1/portfolio/projects/{project_id}/gates", {"to_phase": "opportunite"}
    )
    assert gate.status_code == 201
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    decided = post(
        client,
        f"/api/v1/portfolio/projects/{project_id}/gates/{gate.json()['id']}/decision",
        {"approve": True, "basis": "COSSIS"},
    )
    assert decided.json()["status"] == "approuvee"
    assert Project.objects.get(pk=project_id).phase == Phase.OPPORTUNITE


def test_the_catalogue_endpoint_is_public(client, world, bfc_project):
    from pilote.portefeuille import services

    services.publish_in_catalogue(acting_user=SYSTEM, project=bfc_project)
    items = client.get("/api/v1/catalogue", {"region": world.bfc.region.code}).json()
    assert [i["name"] for i in items] == ["ROR BFC"]
    assert items[0]["operator"] == world.bfc.grades.name
