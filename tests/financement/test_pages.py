"""The funding pages: the region's table as the note gives it, an envelope programmed,
committed and paid through the forms (amounts typed the French way), the XLSX export read
back, and what each role may reach."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.financement.models import Allocation, Commitment, Payment
from pilote.financement.reference import load_fir_bfc


@pytest.fixture
def fir(world):
    return load_fir_bfc(acting_user=SYSTEM, region=world.bfc.region)


def test_the_overview_gives_the_notes_totals(client, world, fir):
    client.force_login(world.bfc.users[Role.ARS_READER])
    page = client.get(reverse("financement:overview"), {"annee": 2016}).content.decode()
    assert "Total Télémédecine" in page and "2\u202f676\u202f904,00\u00a0€" in page
    assert "Total E-santé" in page and "3\u202f311\u202f550,00\u00a0€" in page
    assert "Total 2016" in page and "5\u202f988\u202f454,00\u00a0€" in page
    assert "5\u202f208\u202f610,00" not in page  # 2015 is filtered out
    assert "Nouvelle enveloppe" not in page  # a reader does not manage


def test_the_export_holds_every_envelope_to_the_cent(client, world, fir):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    response = client.get(reverse("financement:overview"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][7] == "Montant (€)" and len(rows) == 15
    by_year = {}
    for row in rows[1:]:
        by_year[row[1]] = by_year.get(row[1], Decimal(0)) + Decimal(str(row[7]))
    assert by_year == {2015: Decimal("5208610"), 2016: Decimal("5988454")}


def test_the_ars_programmes_commits_and_pays_through_the_forms(client, world, fir):
    officer = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(officer)
    envelope = next(e for e in fir if e.year == 2016 and e.line.code == "e-sante-gcs")
    response = client.post(
        reverse("financement:allocation_add", args=[envelope.pk]),
        {
            "beneficiary": world.bfc.grades.pk,
            "label": "Fonctionnement du GRADeS",
            "amount": "1 500 000,50",
            "programmed_on": "2016-03-01",
        },
    )
    assert response.status_code == 302, response.content.decode()
    allocation = Allocation.objects.get()
    assert allocation.amount == Decimal("1500000.50")
    response = client.post(
        reverse("financement:commitment_add", args=[allocation.pk]),
        {"reference": "CONV-2016-04", "decided_on": "2016-04-01", "amount": "1500000,50"},
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    response = client.post(
        reverse("financement:payment_add", args=[commitment.pk]),
        {"paid_on": "2016-05-01", "amount": "2000000", "reference": "MDT-1"},
    )
    assert response.status_code == 200  # refused: more than committed, said on the field
    assert "reste à payer sur l&#x27;engagement" in response.content.decode()
    assert not Payment.objects.exists()
    page = client.get(reverse("financement:envelope", args=[envelope.pk])).content.decode()
    assert "CONV-2016-04" in page and "1\u202f500\u202f000,50\u00a0€" in page
    assert "Programmation" in page  # the history names the step


@pytest.mark.parametrize("who", ["ara_officer", "bfc_project_owner", "bfc_body_member"])
def test_another_regions_or_an_establishments_user_gets_a_404(client, world, fir, who):
    user = {
        "ara_officer": world.ara.users[Role.ARS_OFFICER],
        "bfc_project_owner": world.bfc.users[Role.PROJECT_OWNER],
        "bfc_body_member": world.bfc.users[Role.BODY_MEMBER],
    }[who]
    client.force_login(user)
    envelope = fir[0]
    for name in ("envelope", "allocation_add", "carry_over", "envelope_edit"):
        assert client.get(reverse(f"financement:{name}", args=[envelope.pk])).status_code == 404
    page = client.get(reverse("financement:overview")).content.decode()
    assert "Aucune enveloppe enregistrée." in page


def test_a_grades_manager_reads_but_cannot_programme(client, world, fir):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    envelope = fir[0]
    assert client.get(reverse("financement:envelope", args=[envelope.pk])).status_code == 200
    response = client.get(reverse("financement:allocation_add", args=[envelope.pk]))
    assert response.status_code == 404


def test_the_menu_offers_funding_to_the_roles_that_read_it(client, world):
    cases = {
        world.bfc.users[Role.ARS_OFFICER]: True,
        world.bfc.users[Role.GRADES_MANAGER]: True,
        world.national_reader: True,
        world.bfc.users[Role.PROJECT_OWNER]: False,
        world.bfc.users[Role.BODY_MEMBER]: False,
    }
    for user, shown in cases.items():
        client.force_login(user)
        page = client.get(reverse("acteurs:list")).content.decode()
        assert (reverse("financement:overview") in page) is shown, user.email
