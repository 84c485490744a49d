import pytest
from django.urls import reverse

from pilote.acteurs.models import Organisation, OrganisationType
from pilote.comptes.models import Role
from tests.factories import OrganisationFactory


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    return client


def test_it_searches_by_name_finess_and_city(officer_client, world):
    OrganisationFactory(
        name="EHPAD Les Tilleuls",
        finess_et="210011218",
        city="BEAUNE",
        departement=world.bfc.departement,
        type=OrganisationType.MEDICO_SOCIAL,
    )
    url = reverse("acteurs:list")
    for q in ("tilleuls", "210011218", "beaune"):
        names = [o.name for o in officer_client.get(url, {"q": q}).context["page_obj"]]
        assert names == ["EHPAD Les Tilleuls"], q


def test_it_filters_by_type_and_hides_legal_entities_by_default(officer_client, world):
    OrganisationFactory(
        name="EJ 210000000",
        is_legal_entity=True,
        finess_ej="210000000",
        type=OrganisationType.ENTITE_JURIDIQUE,
        departement=world.bfc.departement,
    )
    url = reverse("acteurs:list")
    default = {o.name for o in officer_client.get(url).context["page_obj"]}
    assert "EJ 210000000" not in default
    assert world.bfc.ars.name in default
    ejs = {
        o.name for o in officer_client.get(url, {"type": "entite_juridique"}).context["page_obj"]
    }
    assert ejs == {"EJ 210000000"}
    ars = {o.name for o in officer_client.get(url, {"type": "ars"}).context["page_obj"]}
    assert ars == {world.bfc.ars.name}


def test_the_list_answers_htmx_with_the_rows_only(officer_client, world):
    response = officer_client.get(reverse("acteurs:list"), {"q": "CH"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<table>" in body and "<html" not in body


def test_the_list_runs_a_bounded_number_of_queries(
    officer_client, world, django_assert_max_num_queries, kept_todo_badge
):
    for _ in range(60):
        OrganisationFactory(departement=world.bfc.departement)
    officer_client.get(reverse("acteurs:list"))  # the header's count of tasks, then kept
    with django_assert_max_num_queries(12):
        response = officer_client.get(reverse("acteurs:list"))
    assert len(response.context["page_obj"]) == 50


def test_an_edit_is_recorded_and_shown_in_the_history_tab(officer_client, world):
    org = world.bfc.hospital
    response = officer_client.post(
        reverse("acteurs:edit", args=[org.pk]),
        {
            "name": org.name,
            "type": org.type,
            "departement": org.departement_id,
            "phone": "0380293000",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    history = officer_client.get(reverse("acteurs:history", args=[org.pk])).content.decode()
    officer = world.bfc.users[Role.ARS_OFFICER]
    assert str(officer) in history
    assert "Téléphone" in history and "0380293000" in history


def test_an_invalid_edit_shows_a_french_error_and_changes_nothing(officer_client, world):
    org = world.bfc.hospital
    response = officer_client.post(
        reverse("acteurs:edit", args=[org.pk]),
        {
            "name": org.name,
            "type": org.type,
            "departement": org.departement_id,
            "siret": "123",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "il compte 14 chiffres" in response.content.decode()
    org.refresh_from_db()
    assert org.siret == ""
    assert org.history.count() == 1


def test_the_officer_of_the_region_it_leaves_moves_an_organisation(officer_client, world):
    """The ARS of the region an organisation leaves relocates it (an establishment attached to
    the wrong département by FINESS, say); from then on it belongs to the other region."""
    org = world.bfc.hospital
    response = officer_client.post(
        reverse("acteurs:edit", args=[org.pk]),
        {
            "name": org.name,
            "type": org.type,
            "departement": world.ara.departement.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(pk=org.pk).region == world.ara.region
    assert officer_client.get(reverse("acteurs:detail", args=[org.pk])).status_code == 404


def test_a_national_user_chooses_the_region_shown(client, world):
    client.force_login(world.national_reader)
    national = client.get("/")
    assert "Vue nationale" in national.content.decode()
    client.post(reverse("select_region"), {"region": world.ara.region.code, "next": "/"})
    page = client.get("/").content.decode()
    assert world.ara.ars.name in page and world.bfc.ars.name not in page


def test_a_regional_user_cannot_use_the_region_selector(client, world):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = client.post(reverse("select_region"), {"region": world.ara.region.code})
    assert response.status_code == 404


def test_the_home_page_shows_the_region_ars_grades_and_departements(client, world):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    page = client.get("/").content.decode()
    assert world.bfc.region.name in page
    assert world.bfc.ars.name in page and world.bfc.grades.name in page
    assert world.bfc.departement.name in page
    assert world.ara.region.name not in page
