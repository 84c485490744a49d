"""Role × page/endpoint × own/other region: what each account may read and change.

The BFC accounts look at a BFC hospital, the BFC GRADeS and an Auvergne-Rhône-Alpes hospital.
"""

import json

import pytest
from django.urls import reverse

from pilote.acteurs.models import Organisation
from pilote.comptes.models import Role

ROLES = [
    Role.NATIONAL_ADMIN,
    Role.NATIONAL_READER,
    Role.ARS_OFFICER,
    Role.ARS_READER,
    Role.GRADES_MANAGER,
    Role.PROJECT_OWNER,
    Role.BODY_MEMBER,
]
TARGETS = ["own_hospital", "own_grades", "other_hospital"]
CAN_READ = {
    role: {"own_hospital", "own_grades", "other_hospital"}
    if role in (Role.NATIONAL_ADMIN, Role.NATIONAL_READER)
    else {"own_hospital", "own_grades"}
    for role in ROLES
}
CAN_EDIT = {
    Role.NATIONAL_ADMIN: {"own_hospital", "own_grades", "other_hospital"},
    Role.NATIONAL_READER: set(),
    Role.ARS_OFFICER: {"own_hospital", "own_grades"},
    Role.ARS_READER: set(),
    Role.GRADES_MANAGER: {"own_grades"},
    Role.PROJECT_OWNER: {"own_hospital"},
    Role.BODY_MEMBER: set(),
}


def account(world, role):
    if role == Role.NATIONAL_ADMIN:
        return world.national_admin
    if role == Role.NATIONAL_READER:
        return world.national_reader
    return world.bfc.users[role]


def target(world, name) -> Organisation:
    return {
        "own_hospital": world.bfc.hospital,
        "own_grades": world.bfc.grades,
        "other_hospital": world.ara.hospital,
    }[name]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", TARGETS)
def test_organisation_pages(client, world, role, name):
    client.force_login(account(world, role))
    org = target(world, name)
    readable = name in CAN_READ[role]
    editable = name in CAN_EDIT[role]
    for url_name in ("acteurs:detail", "acteurs:history"):
        response = client.get(reverse(url_name, args=[org.pk]))
        assert response.status_code == (200 if readable else 404), url_name
    response = client.get(reverse("acteurs:edit", args=[org.pk]))
    assert response.status_code == (200 if editable else 404)
    form = {
        "name": "Nouveau nom",
        "type": org.type,
        "departement": org.departement_id,
        "is_active": "on",
    }
    response = client.post(reverse("acteurs:edit", args=[org.pk]), form)
    org.refresh_from_db()
    if editable:
        assert response.status_code == 302
        assert org.name == "Nouveau nom"
        assert org.history.latest().history_user == account(world, role)
    else:
        assert response.status_code == 404
        assert org.name != "Nouveau nom"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", TARGETS)
def test_organisation_endpoints(client, world, role, name):
    client.force_login(account(world, role))
    org = target(world, name)
    readable = name in CAN_READ[role]
    editable = name in CAN_EDIT[role]
    response = client.get(f"/api/v1/organisations/{org.pk}")
    assert response.status_code == (200 if readable else 404)
    listed = {
        item["id"] for item in client.get("/api/v1/organisations?page_size=500").json()["items"]
    }
    assert (org.pk in listed) == readable
    response = client.patch(
        f"/api/v1/organisations/{org.pk}",
        json.dumps({"short_name": "NV"}),
        content_type="application/json",
    )
    org.refresh_from_db()
    if editable:
        assert response.status_code == 200
        assert org.short_name == "NV"
    else:
        assert response.status_code == (403 if readable else 404)
        assert org.short_name != "NV"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("own", [True, False])
def test_region_pages(client, world, role, own):
    client.force_login(account(world, role))
    region = world.bfc.region if own else world.ara.region
    response = client.get(reverse("region", args=[region.code]))
    national = role in (Role.NATIONAL_ADMIN, Role.NATIONAL_READER)
    assert response.status_code == (200 if own or national else 404)


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_only_visible_organisations(client, world, role):
    client.force_login(account(world, role))
    names = {o.name for o in client.get(reverse("acteurs:list")).context["page_obj"]}
    assert world.bfc.hospital.name in names
    national = role in (Role.NATIONAL_ADMIN, Role.NATIONAL_READER)
    assert (world.ara.hospital.name in names) == national


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_for_national_administrators(client, world, role):
    client.force_login(account(world, role))
    response = client.get("/admin/acteurs/organisation/")
    if role == Role.NATIONAL_ADMIN:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "url", ["/structures/", "/regions/R01/", "/comptes/jetons/", "/notifications/"]
)
def test_anonymous_visitors_are_sent_to_login(client, world, url):
    """Every page but the public ones ("/" is the public home page: tests/accueil)."""
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("comptes:login"))


def test_anonymous_api_calls_get_401(client, world):
    assert client.get("/api/v1/organisations").status_code == 401
    assert client.get(f"/api/v1/organisations/{world.bfc.hospital.pk}").status_code == 401
    assert client.get("/api/v1/health").status_code == 200
    assert client.get("/api/v1/territories").status_code == 200
