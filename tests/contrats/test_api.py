"""The CPOM API: the contracts a user reads, the objectives of the version in force with their
targets and achieved values (the same as the pages'), another region's contract a 404."""

from pilote.comptes.models import Role
from pilote.contrats.achieved import achieved


def test_the_api_gives_targets_and_achieved_values(client, world, cpom, accepted_2026):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    listed = client.get("/api/v1/contracts/cpom").json()
    assert [c["id"] for c in listed] == [cpom.pk]
    assert listed[0]["versions"][0]["label"] == "Contrat initial"
    body = client.get(f"/api/v1/contracts/cpom/{cpom.pk}").json()
    mss = body["objectives"][0]
    assert mss["indicator"] == "IND_MSS_ES"
    year_2026 = next(y for y in mss["years"] if y["year"] == 2026)
    objective = cpom.latest_version().objectives.get(position=1)
    assert year_2026 == {
        "year": 2026,
        "target": 70.0,
        "achieved": achieved(objective, 2026).value,
        "period": "2026S1",
    }
    assert year_2026["achieved"] == 75.0


def test_another_regions_cpom_is_a_404_through_the_api(client, world, cpom):
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    assert client.get("/api/v1/contracts/cpom").json() == []
    assert client.get(f"/api/v1/contracts/cpom/{cpom.pk}").status_code == 404
    client.force_login(world.bfc.users[Role.PROJECT_OWNER])
    assert client.get(f"/api/v1/contracts/cpom/{cpom.pk}").status_code == 404
