import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs import workflow
from pilote.indicateurs.models import DataElement, DataValue, RegionAggregate, ReportStatus
from pilote.indicateurs.values import save_value


def bfc_report(campaign, world):
    return campaign.reports.get(region=world.bfc.region)


def enter(world, report, **values):
    manager = (
        world.bfc.users[Role.GRADES_MANAGER]
        if report.region == world.bfc.region
        else world.ara.users[Role.GRADES_MANAGER]
    )
    for code, raw in values.items():
        save_value(
            acting_user=manager, report=report, element=DataElement.objects.get(code=code), raw=raw
        )


def accept(world, report):
    region_world = world.bfc if report.region == world.bfc.region else world.ara
    workflow.submit_report(acting_user=region_world.users[Role.GRADES_MANAGER], report=report)
    workflow.validate_report(
        acting_user=region_world.users[Role.ARS_OFFICER],
        report=report,
        confirmation_reason="Remontée partielle",
    )
    workflow.accept_report(
        acting_user=world.national_admin, report=report, confirmation_reason="Remontée partielle"
    )


def test_a_campaign_opens_one_report_per_region(world, campaign):
    assert set(campaign.reports.values_list("region", flat=True)) == {
        world.bfc.region.pk,
        world.ara.region.pk,
    }


def test_values_are_parsed_with_french_messages(world, campaign):
    report = bfc_report(campaign, world)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    es = DataElement.objects.get(code="ES_TOTAL")
    with pytest.raises(ValidationError, match="« douze » n'est pas un nombre"):
        save_value(acting_user=manager, report=report, element=es, raw="douze")
    with pytest.raises(ValidationError, match="doit être un nombre entier"):
        save_value(acting_user=manager, report=report, element=es, raw="12,5")
    result = save_value(acting_user=manager, report=report, element=es, raw="1 234")
    assert result.value.value == 1234
    assert result.value.history.latest().history_user == manager


def test_the_full_approval_publishes_and_locks(world, campaign):
    report = bfc_report(campaign, world)
    enter(world, report, ES_TOTAL="100", MSS_ES_CONNECTES="80")
    assert not RegionAggregate.objects.exists()
    accept(world, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert list(report.events.values_list("to_status", flat=True)) == [
        "soumis",
        "valide",
        "accepte",
    ]
    assert RegionAggregate.objects.filter(region=world.bfc.region).count() == 2  # at once
    with pytest.raises(ValidationError, match="pas ouvert à la saisie"):
        enter(world, report, ES_TOTAL="90")


def test_each_step_belongs_to_its_level(world, campaign):
    report = bfc_report(campaign, world)
    enter(world, report, ES_TOTAL="100")
    with pytest.raises(PermissionDenied):
        workflow.submit_report(acting_user=world.ara.users[Role.GRADES_MANAGER], report=report)
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    with pytest.raises(PermissionDenied):
        workflow.validate_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    with pytest.raises(ValidationError, match="validé par l'ARS"):
        workflow.accept_report(acting_user=world.national_admin, report=report)


def test_a_report_sent_back_keeps_its_reason_and_reopens(world, campaign):
    report = bfc_report(campaign, world)
    enter(world, report, ES_TOTAL="100")
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    with pytest.raises(ValidationError, match="motif"):
        workflow.return_report(
            acting_user=world.bfc.users[Role.ARS_OFFICER], report=report, reason=""
        )
    workflow.return_report(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        report=report,
        reason="Le périmètre ES inclut les EHPAD",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    assert report.events.last().reason == "Le périmètre ES inclut les EHPAD"
    enter(world, report, ES_TOTAL="90")


def test_validation_rules_block_submission(world, campaign):
    report = bfc_report(campaign, world)
    enter(world, report, ES_TOTAL="100", MSS_ES_CONNECTES="120")
    with pytest.raises(ValidationError, match="ne dépassent pas les établissements du périmètre"):
        workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    assert bfc_report(campaign, world).status == ReportStatus.OPEN


def test_accepted_values_stay_published_during_a_correction(world, campaign):
    report = bfc_report(campaign, world)
    enter(world, report, ES_TOTAL="100")
    accept(world, report)
    with pytest.raises(PermissionDenied):
        workflow.unlock_report(
            acting_user=world.bfc.users[Role.ARS_OFFICER], report=report, reason="x"
        )
    workflow.unlock_report(
        acting_user=world.national_admin,
        report=report,
        reason="Erreur de périmètre signalée par l'ARS",
    )
    enter(world, report, ES_TOTAL="110")
    value = DataValue.objects.get(data_element__code="ES_TOTAL", region=world.bfc.region)
    assert (value.value, value.accepted_value) == (110, 100)
    assert RegionAggregate.objects.get(data_element__code="ES_TOTAL").total == 100
    accept(world, report)
    assert RegionAggregate.objects.get(data_element__code="ES_TOTAL").total == 110


def test_a_value_cleared_during_a_correction_stays_published_until_accepted(world, campaign):
    report = bfc_report(campaign, world)
    enter(world, report, ES_TOTAL="100", DMP_CREES="7")
    accept(world, report)
    workflow.unlock_report(acting_user=world.national_admin, report=report, reason="Doublon")
    enter(world, report, DMP_CREES="")
    cleared = DataValue.objects.get(data_element__code="DMP_CREES")
    assert (cleared.value, cleared.accepted_value) == (None, 7)
    assert RegionAggregate.objects.get(data_element__code="DMP_CREES").total == 7
    accept(world, report)
    assert not RegionAggregate.objects.filter(data_element__code="DMP_CREES").exists()
    assert RegionAggregate.objects.get(data_element__code="ES_TOTAL").total == 100


def test_acceptance_publishes_without_rewriting_the_values(world, campaign):
    """Publishing is the report's state: acceptance writes no value row (a million-value
    report is published by refreshing its roll-ups only)."""
    report = bfc_report(campaign, world)
    enter(world, report, ES_TOTAL="100")
    before = DataValue.objects.values_list("pk", "value", "accepted_value", "updated_at").get()
    accept(world, report)
    assert DataValue.objects.values_list("pk", "value", "accepted_value", "updated_at").get() == (
        before
    )
    published = DataValue.objects.published().values_list("published", flat=True).get()
    assert published == 100
    assert RegionAggregate.objects.get(data_element__code="ES_TOTAL").total == 100


def test_completeness_and_timeliness(world, campaign):
    report = bfc_report(campaign, world)
    enter(world, report, ES_TOTAL="100")
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    figures = workflow.completeness(campaign)
    assert (figures["expected"], figures["reported"], figures["on_time"]) == (2, 1, 1)
    assert figures["completeness"] == 50.0


def test_another_region_cannot_enter_values(world, campaign):
    with pytest.raises(PermissionDenied):
        save_value(
            acting_user=world.ara.users[Role.GRADES_MANAGER],
            report=bfc_report(campaign, world),
            element=DataElement.objects.get(code="ES_TOTAL"),
            raw="1",
        )


def test_finer_periods_inside_the_campaign_reach_the_roll_ups_on_acceptance(world, campaign):
    from pilote.indicateurs import analytics
    from pilote.indicateurs.imports import import_values
    from pilote.indicateurs.models import Indicator
    from pilote.indicateurs.periods import parse

    code = world.bfc.region.code
    data = (
        "dataElement;option;orgUnit;period;value;comment\n"
        f"MSS_MESSAGES;;{code};2026Q3;100;\nMSS_MESSAGES;;{code};2026Q4;50;\n"
    ).encode()
    report = bfc_report(campaign, world)
    import_values(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        campaign=campaign,
        data=data,
        file_format="csv",
    )
    accept(world, report)
    indicator = Indicator.objects.get(code="IND_MSS_MSG")
    semester = analytics.indicator_table([indicator], parse("2026S2"))
    assert semester[(indicator.pk, world.bfc.region.pk)] == 150
    quarter = analytics.indicator_table([indicator], parse("2026Q4"))
    assert quarter[(indicator.pk, world.bfc.region.pk)] == 50


def test_a_2015_campaign_reports_on_former_regions_and_counts_for_todays(reference, indicators):
    """Entered through the form on Bourgogne in 2015S2, the value rolls up onto BFC."""
    import datetime

    from pilote.acteurs.models import OrganisationType
    from pilote.indicateurs import analytics
    from pilote.indicateurs.models import Dataset, Indicator
    from pilote.indicateurs.periods import parse
    from pilote.territoires.models import Level, Territory
    from tests.factories import OrganisationFactory, user_with_role

    bourgogne = Territory.objects.get(level=Level.REGION, code="26", valid_to__isnull=False)
    bfc = Territory.objects.current().regions().get(code="27")
    national = user_with_role(
        Role.NATIONAL_ADMIN,
        OrganisationFactory(
            type=OrganisationType.ORGANISME_NATIONAL, departement=bfc.children.first()
        ),
    )
    today = datetime.date.today()
    campaign = workflow.open_campaign(
        acting_user=national,
        dataset=Dataset.objects.get(code="SOCLE_SEMESTRIEL"),
        period="2015S2",
        opens_on=today,
        deadline=today,
        locks_on=today,
    )
    assert campaign.reports.filter(region=bourgogne).exists()
    ars_bourgogne = OrganisationFactory(
        type=OrganisationType.ARS, region=bourgogne, departement=bfc.children.first()
    )
    officer = user_with_role(Role.ARS_OFFICER, ars_bourgogne)
    report = campaign.reports.get(region=bourgogne)
    save_value(
        acting_user=officer,
        report=report,
        element=DataElement.objects.get(code="DMP_CREES"),
        raw="700",
    )
    assert DataValue.objects.get().region == bfc
    workflow.submit_report(acting_user=officer, report=report)
    workflow.validate_report(
        acting_user=officer, report=report, confirmation_reason="Remontée partielle"
    )
    workflow.accept_report(
        acting_user=national, report=report, confirmation_reason="Remontée partielle"
    )
    indicator = Indicator.objects.get(code="IND_DMP_CREES")
    assert analytics.indicator_table([indicator], parse("2015S2"))[(indicator.pk, bfc.pk)] == 700


def test_a_campaign_opening_later_shows_its_reports_as_not_yet_open(client, world, indicators):
    import datetime

    from pilote.indicateurs.models import Campaign, CampaignStatus, Dataset

    today = datetime.date.today()
    later = workflow.open_campaign(
        acting_user=world.national_admin,
        dataset=Dataset.objects.get(code="SOCLE_SEMESTRIEL"),
        period="2027S1",
        opens_on=today + datetime.timedelta(days=20),
        deadline=today + datetime.timedelta(days=40),
        locks_on=today + datetime.timedelta(days=60),
    )
    report = later.reports.get(region=world.bfc.region)
    assert report.display_status().startswith("Pas encore ouvert")
    assert later.display_status().startswith("À venir")
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    page = client.get(reverse("indicateurs:report", args=[report.pk])).content.decode()
    assert "Pas encore ouvert" in page and "En saisie" not in page
    Campaign.objects.filter(pk=later.pk).update(status=CampaignStatus.CLOSED)
    assert Campaign.objects.get(pk=later.pk).display_status() == "Fermée"


@pytest.mark.parametrize("role", [Role.ARS_OFFICER, Role.GRADES_MANAGER])
def test_accepting_validated_reports_checks_the_permission_even_when_there_are_none(
    world, campaign, role
):
    """The national acceptance in one go refuses a regional user before looking at the
    reports: an empty list (nothing validated yet) is no way around the rule."""
    with pytest.raises(PermissionDenied, match="niveau national"):
        workflow.accept_reports(acting_user=world.bfc.users[role], reports=[])
    with pytest.raises(PermissionDenied):
        workflow.accept_reports(acting_user=world.national_reader, reports=[])
    assert workflow.accept_reports(acting_user=world.national_admin, reports=[]) == []
