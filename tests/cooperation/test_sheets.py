"""The cooperation sheet is read by every region; the rest of the project stays regional."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.cooperation import services
from pilote.cooperation.models import CooperationSheet, Need, NeedStatus
from pilote.portefeuille.models import Project
from tests.cooperation.conftest import project, share


def test_another_region_reads_the_sheet_but_not_the_project(client, world, ara_teleconsultation):
    reader = world.bfc.users[Role.ARS_READER]
    client.force_login(reader)
    sheet_page = client.get(reverse("cooperation:sheet", args=[ara_teleconsultation.pk]))
    assert sheet_page.status_code == 200
    assert "Téléconsultation en EHPAD" in sheet_page.text
    assert "Chef de projet télémédecine" in sheet_page.text
    for name in (
        "portefeuille:project",
        "portefeuille:project_risks",
        "portefeuille:project_planning",
        "portefeuille:project_history",
    ):
        assert client.get(reverse(name, args=[ara_teleconsultation.pk])).status_code == 404
    # unshared fields (health, its reason) are not on the sheet
    ara_teleconsultation.health_reason = "Retard du marché confidentiel"
    ara_teleconsultation.save()
    assert (
        "confidentiel"
        not in client.get(reverse("cooperation:sheet", args=[ara_teleconsultation.pk])).text
    )
    assert client.get(f"/api/v1/portfolio/projects/{ara_teleconsultation.pk}").status_code == 404


def test_an_unshared_sheet_is_hidden_from_other_regions(client, world, ara_teleconsultation):
    officer = world.ara.users[Role.ARS_OFFICER]
    services.save_sheet(acting_user=officer, project=ara_teleconsultation, values={"shared": False})
    assert not CooperationSheet.objects.visible_to(world.bfc.users[Role.ARS_OFFICER]).exists()
    assert CooperationSheet.objects.visible_to(world.ara.users[Role.ARS_READER]).exists()
    assert CooperationSheet.objects.visible_to(world.national_reader).exists()
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    url = reverse("cooperation:sheet", args=[ara_teleconsultation.pk])
    assert client.get(url).status_code == 404


def test_a_sheet_above_the_national_threshold_is_always_shared(world, ara_teleconsultation):
    officer = world.ara.users[Role.ARS_OFFICER]
    services.set_threshold(acting_user=world.national_admin, year=_year(), amount=Decimal(500000))
    sheet = services.save_sheet(
        acting_user=officer,
        project=ara_teleconsultation,
        values={"shared": False, "estimated_budget": Decimal(800000)},
    )
    assert sheet.shared
    small = services.save_sheet(
        acting_user=officer,
        project=ara_teleconsultation,
        values={"shared": False, "estimated_budget": Decimal(1000)},
    )
    assert not small.shared
    services.save_sheet(
        acting_user=officer, project=ara_teleconsultation, values={"estimated_budget": 900000}
    )
    assert CooperationSheet.objects.get().shared
    services.set_threshold(acting_user=world.national_admin, year=_year(), amount=Decimal(1000000))
    assert CooperationSheet.objects.get().shared  # once shared, it stays


def _year():
    from django.utils import timezone

    return timezone.localdate().year


def test_only_the_ars_of_the_region_decides_what_is_shared(world, ara_teleconsultation):
    for user in (
        world.ara.users[Role.GRADES_MANAGER],
        world.bfc.users[Role.ARS_OFFICER],
        world.national_reader,
    ):
        with pytest.raises(PermissionDenied):
            services.save_sheet(acting_user=user, project=ara_teleconsultation, values={})
    with pytest.raises(PermissionDenied):
        services.set_threshold(
            acting_user=world.ara.users[Role.ARS_OFFICER], year=2026, amount=Decimal(1)
        )


def test_a_need_is_echoed_by_other_regions_and_becomes_a_project(world, framework):
    bfc_officer = world.bfc.users[Role.ARS_OFFICER]
    need = services.declare_need(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        need=Need(
            region=world.bfc.region,
            title="Télésurveillance de l'insuffisance cardiaque",
            description="Suivi à domicile des patients insuffisants cardiaques.",
            horizon=2027,
        ),
    )
    with pytest.raises(PermissionDenied):  # a region does not echo its own need
        services.echo_need(acting_user=bfc_officer, need=need, region=world.bfc.region, context="x")
    echo = services.echo_need(
        acting_user=world.ara.users[Role.ARS_OFFICER],
        need=need,
        region=world.ara.region,
        context="Deux GHT intéressés.",
    )
    assert echo.need == need
    with pytest.raises(ValidationError, match="déjà dit"):
        services.echo_need(
            acting_user=world.ara.users[Role.GRADES_MANAGER],
            need=need,
            region=world.ara.region,
            context="encore",
        )
    with pytest.raises(PermissionDenied):
        services.convert_need(
            acting_user=world.ara.users[Role.ARS_OFFICER],
            need=need,
            code="X",
            moa=world.ara.hospital,
        )
    made = services.convert_need(
        acting_user=bfc_officer, need=need, code="BFC-TLS", moa=world.bfc.hospital
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.PROJECT and need.project == made
    assert Project.objects.get(code="BFC-TLS").title.startswith("Télésurveillance")
    with pytest.raises(ValidationError, match="déjà devenu"):
        services.convert_need(
            acting_user=bfc_officer, need=need, code="BFC-TLS2", moa=world.bfc.hospital
        )


def test_needs_are_read_by_every_logged_in_account_not_by_visitors(client, world):
    need = services.declare_need(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        need=Need(region=world.bfc.region, title="Annuaire", description="Un annuaire."),
    )
    assert Need.objects.visible_to(world.ara.users[Role.PROJECT_OWNER]).get() == need
    from django.contrib.auth.models import AnonymousUser

    assert not Need.objects.visible_to(AnonymousUser()).exists()
    response = client.get(reverse("cooperation:need", args=[need.pk]))
    assert response.status_code == 302


def test_a_sheet_is_history_recorded(world, ara_teleconsultation):
    sheet = CooperationSheet.objects.get()
    assert sheet.history.first().history_user == world.ara.users[Role.ARS_OFFICER]


def test_a_project_of_the_region_without_a_sheet_is_not_shared(world, framework):
    made = project(world.ara, "ARA-X", "Projet sans fiche")
    assert (
        not CooperationSheet.objects.visible_to(world.bfc.users[Role.ARS_OFFICER])
        .filter(project=made)
        .exists()
    )
    share(world.ara.users[Role.ARS_OFFICER], made)
    assert (
        CooperationSheet.objects.visible_to(world.bfc.users[Role.ARS_OFFICER])
        .filter(project=made)
        .exists()
    )


def test_a_need_turned_into_a_project_is_proposed_to_those_who_said_nous_aussi(client, world):
    officer = world.bfc.users[Role.ARS_OFFICER]
    need = services.declare_need(
        acting_user=officer,
        need=Need(region=world.bfc.region, title="Annuaire ESMS", description="Un annuaire."),
    )
    services.echo_need(
        acting_user=world.ara.users[Role.ARS_OFFICER],
        need=need,
        region=world.ara.region,
        context="Nous aussi.",
    )
    made = services.convert_need(
        acting_user=officer, need=need, code="BFC-ANN", moa=world.bfc.hospital
    )
    client.force_login(officer)
    page = client.get(reverse("cooperation:need", args=[need.pk])).text
    url = reverse("cooperation:propose", args=[made.pk]) + f"?besoin={need.pk}"
    assert url in page
    form = client.get(url).context["form"]
    assert form.initial["regions"] == [world.ara.region.pk]
