import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from pilote.comptes.models import Role
from tests.factories import OrganisationFactory


def test_the_xlsx_export_carries_the_filtered_visible_rows(
    client, world, django_assert_max_num_queries
):
    for i in range(30):
        OrganisationFactory(
            name=f"EHPAD {i:02d}", type="medico_social", departement=world.bfc.departement
        )
    OrganisationFactory(
        name="EHPAD voisin", type="medico_social", departement=world.ara.departement
    )
    client.force_login(world.bfc.users[Role.ARS_READER])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("acteurs:export_xlsx"), {"type": "medico_social"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nom", "Sigle", "Type")
    names = [r[0] for r in rows[1:]]
    assert len(names) == 30 and "EHPAD voisin" not in names
    assert rows[1][2] == "Établissement ou service médico-social"
    assert rows[1][11] == world.bfc.departement.name


def test_the_csv_export_is_semicolon_separated_utf8(client, world):
    OrganisationFactory(name="Clinique Sainte-Anne; site B", departement=world.bfc.departement)
    client.force_login(world.bfc.users[Role.ARS_READER])
    response = client.get(reverse("acteurs:export_csv"), {"q": "sainte-anne"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffNom;")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][0] == "Clinique Sainte-Anne; site B"
    assert len(rows) == 2
