import pytest
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.territoires.models import Level, Territory


def test_an_ars_officer_defines_a_cassis_area(client, world):
    officer = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(officer)
    url = reverse("territoires:infra", args=[world.bfc.region.code])
    response = client.post(
        url,
        {
            "name": "CASSIS Nord",
            "code": "cassis-n",
            "kind": "cassis",
            "departements": [world.bfc.departement.pk],
        },
    )
    assert response.status_code == 302
    area = Territory.objects.get(level=Level.INFRA, code="CASSIS-N")
    assert area.parent == world.bfc.region
    assert list(area.departements.all()) == [world.bfc.departement]
    assert {h.history_user for h in area.history.all()} == {officer}
    assert "CASSIS Nord" in client.get(url).content.decode()


def test_a_reader_sees_the_areas_but_has_no_form(client, world):
    client.force_login(world.bfc.users[Role.ARS_READER])
    url = reverse("territoires:infra", args=[world.bfc.region.code])
    assert "Créer le territoire" not in client.get(url).content.decode()
    response = client.post(
        url,
        {"name": "X", "code": "X", "kind": "cassis", "departements": [world.bfc.departement.pk]},
    )
    assert response.status_code == 404
    assert not Territory.objects.filter(level=Level.INFRA).exists()


def test_another_region_gets_404(client, world):
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    url = reverse("territoires:infra", args=[world.bfc.region.code])
    assert client.get(url).status_code == 404


def test_a_departement_of_another_region_is_refused(client, world):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    url = reverse("territoires:infra", args=[world.bfc.region.code])
    response = client.post(
        url,
        {"name": "X", "code": "X", "kind": "cassis", "departements": [world.ara.departement.pk]},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_a_name_typed_by_a_user_is_escaped_in_the_confirmation_message(client, world):
    """django-dsfr renders messages as HTML unless DSFR_CONTENT_IS_SAFE is off: a name typed by
    one user (shown to them and, through history and lists, to others) must stay text."""
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    url = reverse("territoires:infra", args=[world.bfc.region.code])
    name = '<img src=x onerror="alert(1)">'
    response = client.post(
        url,
        {"name": name, "code": "xss", "kind": "cassis", "departements": [world.bfc.departement.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert name not in page


def test_a_code_already_used_is_named_on_the_form_and_nothing_is_created(client, world):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    url = reverse("territoires:infra", args=[world.bfc.region.code])
    data = {"name": "CASSIS Nord", "code": "cassis-n", "kind": "cassis"}
    data["departements"] = [world.bfc.departement.pk]
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"name": "Autre"})
    assert response.status_code == 200
    assert "Ce code est déjà utilisé." in response.content.decode()
    assert list(Territory.objects.filter(level=Level.INFRA).values_list("name", flat=True)) == [
        "CASSIS Nord"
    ]


def test_the_service_refuses_a_user_who_may_not_define_areas(world):
    from django.core.exceptions import PermissionDenied

    from pilote.territoires.services import create_infra_territory

    with pytest.raises(PermissionDenied):
        create_infra_territory(
            acting_user=world.ara.users[Role.ARS_OFFICER],
            region=world.bfc.region,
            code="X",
            name="X",
            kind="cassis",
            departements=[world.bfc.departement],
        )
    assert not Territory.objects.filter(level=Level.INFRA).exists()
