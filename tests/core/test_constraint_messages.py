"""A violated database constraint is said to the user in French, on the field concerned, in
forms and in the API — never "La contrainte « … » n'est pas respectée" or "Un objet Projet avec
ces champs Région et Code existe déjà"."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs import workflow
from pilote.indicateurs.models import Dataset
from pilote.portefeuille.models import Project, Strategy
from tests.factories import ProjectFactory

RAW = ("contrainte", "Un objet", "existe déjà", "is violated")


def assert_french(text: str):
    assert not any(raw in text for raw in RAW), text


def test_a_duplicate_project_code_is_refused_on_the_code_field(client, world, bfc_project):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    form = {
        "code": bfc_project.code,
        "title": "Doublon",
        "impulsion": "ars",
        "moa": world.bfc.hospital.pk,
        "health": "ok",
    }
    response = client.post(reverse("portefeuille:project_create"), form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "code" in errors and "porte déjà ce code" in errors["code"][0]
    assert_french(response.content.decode())
    assert Project.objects.filter(code=bfc_project.code).count() == 1


def test_the_api_names_the_field_of_a_violated_constraint(client, world, bfc_project):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    payload = {
        "region": world.bfc.region.code,
        "code": bfc_project.code,
        "title": "Doublon",
        "moa_id": world.bfc.hospital.pk,
        "impulsion": "ars",
    }
    response = client.post(
        "/api/v1/portfolio/projects", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert list(detail) == ["code"]
    assert_french(json.dumps(detail, ensure_ascii=False))


def test_model_checks_speak_french_on_their_field(world):
    project = ProjectFactory.build(
        region=world.bfc.region, moa=world.bfc.hospital, health="risque", health_reason=""
    )
    with pytest.raises(ValidationError) as refused:
        project.validate_constraints()
    assert refused.value.message_dict == {
        "health_reason": [
            "Indiquez le motif de la météo quand le projet est à risque ou en dérive."
        ]
    }
    strategy = Strategy(region=world.bfc.region, title="S", start_year=2030, end_year=2026)
    with pytest.raises(ValidationError) as refused:
        strategy.full_clean()
    assert "end_year" in refused.value.message_dict


def test_a_second_campaign_for_the_same_period_is_refused_on_the_period(world, campaign):
    today = datetime.date.today()
    with pytest.raises(ValidationError) as refused:
        workflow.open_campaign(
            acting_user=world.national_admin,
            dataset=Dataset.objects.get(code="SOCLE_SEMESTRIEL"),
            period=campaign.period,
            opens_on=today,
            deadline=today,
            locks_on=today,
        )
    assert list(refused.value.message_dict) == ["period"]
    assert "déjà ouverte pour 2026S2" in refused.value.message_dict["period"][0]
