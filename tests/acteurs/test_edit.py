from django.urls import reverse

from pilote.acteurs.models import Function, Organisation, Person
from pilote.comptes.models import Role


def test_an_ars_officer_creates_an_organisation_in_their_region(client, world):
    officer = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(officer)
    response = client.post(
        reverse("acteurs:create"),
        {
            "name": "MSP du Val de Saône",
            "type": "msp",
            "departement": world.bfc.departement.pk,
            "is_active": "on",
        },
    )
    org = Organisation.objects.get(name="MSP du Val de Saône")
    assert response.status_code == 302 and response["Location"] == reverse(
        "acteurs:detail", args=[org.pk]
    )
    assert org.region == world.bfc.region
    assert org.history.get().history_user == officer


def test_an_ars_officer_cannot_create_in_another_region(client, world):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = client.post(
        reverse("acteurs:create"),
        {
            "name": "Intrus",
            "type": "msp",
            "departement": world.ara.departement.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Organisation.objects.filter(name="Intrus").exists()


def test_readers_have_no_creation_page(client, world):
    client.force_login(world.bfc.users[Role.ARS_READER])
    assert client.get(reverse("acteurs:create")).status_code == 404
    assert "Ajouter une structure" not in client.get(reverse("acteurs:list")).content.decode()


def test_a_person_is_added_with_a_function_and_can_leave(client, world):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    client.force_login(manager)
    grades = world.bfc.grades
    client.post(
        reverse("acteurs:person_add", args=[grades.pk]),
        {
            "first_name": "Nadia",
            "last_name": "Perrin",
            "email": "N.Perrin@grades-bfc.fr",
            "title": "Directrice",
            "started_on": "2017-09-01",
        },
    )
    function = Function.objects.get(organisation=grades, title="Directrice")
    assert function.person.email == "n.perrin@grades-bfc.fr"
    assert (
        "Nadia Perrin — Directrice"
        in client.get(reverse("acteurs:detail", args=[grades.pk])).content.decode()
    )
    # the same person joins another organisation: matched by e-mail, not duplicated
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    client.post(
        reverse("acteurs:person_add", args=[world.bfc.hospital.pk]),
        {
            "first_name": "Nadia",
            "last_name": "Perrin",
            "email": "n.perrin@grades-bfc.fr",
            "title": "Membre du COSSIS",
        },
    )
    assert Person.objects.filter(last_name="Perrin").count() == 1
    client.force_login(manager)
    client.post(reverse("acteurs:function_end", args=[grades.pk, function.pk]))
    function.refresh_from_db()
    assert function.ended_on is not None
    assert function.history.latest().history_user == manager
    assert (
        "Nadia Perrin — Directrice"
        not in client.get(reverse("acteurs:detail", args=[grades.pk])).content.decode()
    )


def test_another_region_cannot_add_people(client, world):
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    response = client.post(
        reverse("acteurs:person_add", args=[world.bfc.grades.pk]),
        {
            "first_name": "X",
            "last_name": "Y",
            "title": "Z",
        },
    )
    assert response.status_code == 404
    assert not Person.objects.filter(last_name="Y").exists()
