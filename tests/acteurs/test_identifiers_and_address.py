"""SIRET / SIREN check digits and postcode ↔ département, refused the same way by the web
form, the API, the services and the FINESS import (issue 9 §4)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pilote.acteurs import services
from pilote.acteurs.finess_import import FinessRejected, import_finess
from pilote.acteurs.models import Organisation
from pilote.acteurs.validation import siren_is_valid, siret_is_valid
from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.territoires.postcodes import postcode_matches_departement
from tests.acteurs import finess_files as ff
from tests.factories import DepartementFactory, OrganisationFactory

CHU_DIJON_SIRET = "26210001600019"


@pytest.mark.parametrize(
    "siret, valid",
    [
        (CHU_DIJON_SIRET, True),
        ("26210001600018", False),  # last digit changed: wrong key
        ("26210001600091", False),  # two digits swapped
        ("35600000000048", True),  # La Poste's head office: Luhn holds
        ("35600000049837", True),  # a La Poste office: its digits add up to a multiple of 5
        ("35600000049838", False),
        ("2621000160001", False),
        ("2621000160001A", False),
    ],
)
def test_a_siret_needs_its_check_digit(siret, valid):
    assert siret_is_valid(siret) is valid


def test_a_siren_needs_its_check_digit():
    assert siren_is_valid("262100016") is False
    assert siren_is_valid("356000000") is True
    assert siren_is_valid("732829320") is True
    assert siren_is_valid("732829321") is False


@pytest.mark.parametrize(
    "postcode, departement, matches",
    [
        ("21000", "21", True),
        ("75001", "21", False),
        ("20000", "2A", True),  # Ajaccio
        ("20200", "2B", True),  # Bastia
        ("21000", "2A", False),
        ("97139", "971", True),
        ("97600", "976", True),
        ("97600", "974", False),
        ("97133", "977", True),  # Saint-Barthélemy
        ("01200", "74", True),  # Éloise (Haute-Savoie) is served from Bellegarde (Ain)
        ("01200", "73", False),
        ("94390", "91", True),  # Paray-Vieille-Poste
    ],
)
def test_a_postcode_begins_with_its_departement_save_known_exceptions(
    postcode, departement, matches
):
    assert postcode_matches_departement(postcode, departement) is matches


@pytest.fixture
def cote_dor(world):
    return DepartementFactory(code="21", name="Côte-d'Or", parent=world.bfc.region)


@pytest.fixture
def hospital(cote_dor):
    return OrganisationFactory(name="CH de Beaune", departement=cote_dor, postcode="21200")


def _form(org, **changes):
    data = {"name": org.name, "type": org.type, "departement": org.departement_id}
    data.update({"postcode": org.postcode, "is_active": "on", **changes})
    return data


def test_the_web_form_refuses_a_siret_without_its_check_digit(client, world, hospital):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = client.post(
        reverse("acteurs:edit", args=[hospital.pk]), _form(hospital, siret="26210001600018")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le SIRET « 26210001600018 » n&#x27;est pas valide" in page
    hospital.refresh_from_db()
    assert hospital.siret == "" and hospital.history.count() == 1


def test_the_web_form_refuses_a_postcode_of_another_departement(client, world, hospital):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = client.post(
        reverse("acteurs:edit", args=[hospital.pk]), _form(hospital, postcode="75001")
    )
    assert response.status_code == 200
    assert (
        "Le code postal 75001 ne correspond pas au département Côte-d&#x27;Or (21)"
        in response.content.decode()
    )
    hospital.refresh_from_db()
    assert hospital.postcode == "21200" and hospital.history.count() == 1


def test_the_api_refuses_both_naming_the_field(client, world, hospital):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    url = f"/api/v1/organisations/{hospital.pk}"
    response = client.patch(
        url, json.dumps({"siret": "26210001600018"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert "clé de contrôle" in response.json()["detail"]["siret"][0]
    response = client.patch(url, json.dumps({"postcode": "75001"}), content_type="application/json")
    assert response.status_code == 422
    assert "département Côte-d'Or" in response.json()["detail"]["postcode"][0]
    response = client.patch(
        url,
        json.dumps({"siret": CHU_DIJON_SIRET, "postcode": "21000"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    hospital.refresh_from_db()
    assert (hospital.siret, hospital.postcode) == (CHU_DIJON_SIRET, "21000")


def test_the_service_refuses_a_new_organisation_whose_postcode_is_elsewhere(world, cote_dor):
    with pytest.raises(ValidationError) as refused:
        services.create_organisation(
            acting_user=world.bfc.users[Role.ARS_OFFICER],
            region=world.bfc.region,
            name="MSP du Val de Saône",
            type="msp",
            departement=cote_dor,
            postcode="71000",
        )
    assert "postcode" in refused.value.message_dict
    assert not Organisation.objects.filter(name="MSP du Val de Saône").exists()


def test_the_finess_import_refuses_a_postcode_of_another_departement(reference, tmp_path):
    wrong = ff.structure("210999991", "210999990", "CH FAUX", "21", "231", "75001 PARIS")
    path = ff.write(tmp_path / "finess.csv", [ff.CHU_DIJON, wrong])
    with pytest.raises(FinessRejected) as refused:
        import_finess(path, acting_user=SYSTEM)
    [rejection] = refused.value.report.rejections
    assert rejection.line == 3
    assert "colonne 16 (ligneacheminement)" in rejection.reason and "75001" in rejection.reason
    assert not Organisation.objects.exists()


def test_the_finess_import_keeps_corsica_and_overseas_and_ignores_a_wrong_siret(
    reference, tmp_path
):
    ajaccio = ff.structure("2A0000014", "2A0000006", "CH D'AJACCIO", "2A", "004", "20000 AJACCIO")
    bad_key = ff.structure(
        "210999991", "210999990", "CH CLÉ", "21", "231", "21000 DIJON", siret="26210001600018"
    )
    path = ff.write(tmp_path / "finess.csv", [ajaccio, ff.CHM_MAYOTTE, bad_key])
    report = import_finess(path, acting_user=SYSTEM)
    assert report.created == 3
    assert Organisation.objects.get(finess_et="210999991").siret == ""
    assert any("26210001600018" in w.reason for w in report.warnings)
