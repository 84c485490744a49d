"""The validator's review: completeness by data element, unusual changes against the region's
own accepted history and broken rules; comments before submitting an unusual change; a reason
to confirm the validation or acceptance of a flagged report, recorded in its history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs import workflow
from pilote.indicateurs.models import (
    DataElement,
    Dataset,
    RegionAggregate,
    ReportEvent,
    ReportStatus,
    ValidationRule,
)
from pilote.indicateurs.periods import SEMESTER
from pilote.indicateurs.review import review_report
from pilote.indicateurs.values import save_value
from tests.reporting import PARTIAL, enter, open_semester, submitted


@pytest.fixture
def small_dataset(indicators):
    """Two data elements, no disaggregation: a report is complete with two values."""
    dataset = Dataset.objects.create(code="MSS_ES", name="Messagerie des ES", period_type=SEMESTER)
    dataset.data_elements.set(DataElement.objects.filter(code__in=["ES_TOTAL", "MSS_ES_CONNECTES"]))
    return dataset


def test_the_review_counts_filled_values_by_data_element(world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    enter(world.bfc, report, ES_TOTAL="40")
    save_value(
        acting_user=manager,
        report=report,
        element=DataElement.objects.get(code="TLM_ACTES"),
        option="teleconsultation",
        raw="12",
    )
    review = review_report(report)
    by_code = {e.element.code: (e.filled, e.expected) for e in review.elements}
    assert by_code["ES_TOTAL"] == (1, 1)
    assert by_code["TLM_ACTES"] == (1, 3)  # one option of three
    assert by_code["DMP_CREES"] == (0, 1)
    assert review.filled == 2
    assert review.expected == sum(expected for _f, expected in by_code.values())
    assert not review.is_complete
    assert review.needs_confirmation
    assert "incomplet (2 valeurs sur" in review.problems()


def test_an_unusual_change_is_flagged_against_the_regions_accepted_history(
    world, campaign, bfc_history
):
    report = campaign.reports.get(region=world.bfc.region)
    enter(world.bfc, report, ES_TOTAL="1000")
    [unusual] = review_report(report).unusual
    assert unusual.value.data_element.code == "ES_TOTAL"
    assert "6\u202f124\u202f653 → 1\u202f000" in unusual.messages[0]
    # the other region, without history, raises nothing for the same figure
    ara = campaign.reports.get(region=world.ara.region)
    save_value(
        acting_user=world.ara.users[Role.GRADES_MANAGER],
        report=ara,
        element=DataElement.objects.get(code="ES_TOTAL"),
        raw="1000",
    )
    assert review_report(ara).unusual == []


def test_submitting_an_unusual_change_requires_a_comment_on_it(world, campaign, bfc_history):
    report = campaign.reports.get(region=world.bfc.region)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    enter(world.bfc, report, ES_TOTAL="1000")
    with pytest.raises(ValidationError, match="Expliquez chaque variation inhabituelle"):
        workflow.submit_report(acting_user=manager, report=report)
    assert campaign.reports.get(pk=report.pk).status == ReportStatus.OPEN
    enter(world.bfc, report, ES_TOTAL="1000", comments={"ES_TOTAL": "Nouveau périmètre : CH seuls"})
    workflow.submit_report(acting_user=manager, report=report)
    assert campaign.reports.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_validating_an_incomplete_report_takes_a_reason_kept_in_its_history(world, campaign):
    report = submitted(world.bfc, campaign)
    officer = world.bfc.users[Role.ARS_OFFICER]
    with pytest.raises(ValidationError, match="Rapport à confirmer — incomplet"):
        workflow.validate_report(acting_user=officer, report=report)
    with pytest.raises(ValidationError, match="motif de confirmation"):
        workflow.validate_report(acting_user=officer, report=report, confirmation_reason="  ")
    assert campaign.reports.get(pk=report.pk).status == ReportStatus.SUBMITTED
    workflow.validate_report(acting_user=officer, report=report, confirmation_reason=PARTIAL)
    event = ReportEvent.objects.get(report=report, to_status=ReportStatus.VALIDATED)
    assert event.reason == PARTIAL
    assert event.confirmed_problems.startswith("incomplet (1 valeur sur")
    assert PARTIAL in report.history.latest().history_change_reason


def test_a_complete_report_without_warnings_is_validated_and_accepted_without_a_reason(
    world, small_dataset
):
    report = open_semester(world, "2026S2", "MSS_ES").reports.get(region=world.bfc.region)
    enter(world.bfc, report, ES_TOTAL="40", MSS_ES_CONNECTES="36")
    assert not review_report(report).needs_confirmation
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    workflow.validate_report(acting_user=world.bfc.users[Role.ARS_OFFICER], report=report)
    workflow.accept_report(acting_user=world.national_admin, report=report)
    assert report.events.filter(confirmed_problems="").count() == 3


def test_accepting_a_report_whose_rule_now_fails_takes_a_reason(world, small_dataset):
    """A warning rule added after the validation: the national level sees it and confirms."""
    report = open_semester(world, "2026S2", "MSS_ES").reports.get(region=world.bfc.region)
    enter(world.bfc, report, ES_TOTAL="40", MSS_ES_CONNECTES="36")
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    workflow.validate_report(acting_user=world.bfc.users[Role.ARS_OFFICER], report=report)
    ValidationRule.objects.create(
        code="R_MSS_TOUS",
        name="Tous les établissements du périmètre sont connectés",
        left="ES_TOTAL",
        operator="<=",
        right="MSS_ES_CONNECTES",
        severity=ValidationRule.Severity.WARNING,
    )
    review = review_report(report)
    assert [severity for severity, _m in review.violations] == ["alerte"]
    with pytest.raises(ValidationError, match="1 règle de validation non respectée"):
        workflow.accept_report(acting_user=world.national_admin, report=report)
    assert not RegionAggregate.objects.exists()
    workflow.accept_report(
        acting_user=world.national_admin, report=report, confirmation_reason="Règle en test"
    )
    event = report.events.get(to_status=ReportStatus.ACCEPTED)
    assert "Tous les établissements du périmètre" in event.confirmed_problems


def test_the_report_page_shows_the_review_beside_last_period_and_the_target(
    client, world, campaign, bfc_history
):
    report = campaign.reports.get(region=world.bfc.region)
    enter(world.bfc, report, ES_TOTAL="1000", comments={"ES_TOTAL": "Nouveau périmètre"})
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    page = client.get(reverse("indicateurs:report", args=[report.pk])).content.decode()
    assert "Contrôles avant validation" in page
    assert "1 valeur renseignée sur" in page and "incomplet" in page
    assert "variation inhabituelle par rapport à la période précédente" in page
    assert "« Nouveau périmètre »" in page  # the reporter's explanation
    assert "6124653" in page  # last period's accepted value beside this one
    assert "Valider malgré les alertes (ARS)" in page
    assert "Motif de la confirmation (obligatoire)" in page


def test_the_validation_button_without_a_reason_is_refused_in_french(client, world, campaign):
    report = submitted(world.bfc, campaign)
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    url = reverse("indicateurs:report_step", args=[report.pk, "valider"])
    page = client.post(url, {"confirmation_reason": ""}, follow=True).content.decode()
    assert "Indiquez pourquoi vous le validez quand même" in page
    assert campaign.reports.get(pk=report.pk).status == ReportStatus.SUBMITTED
    client.post(url, {"confirmation_reason": PARTIAL})
    assert campaign.reports.get(pk=report.pk).status == ReportStatus.VALIDATED


def test_accepting_every_validated_report_lists_them_and_their_warnings_first(
    client, world, campaign
):
    for region_world in (world.bfc, world.ara):
        report = submitted(region_world, campaign, DMP_CREES="10")
        workflow.validate_report(
            acting_user=region_world.users[Role.ARS_OFFICER],
            report=report,
            confirmation_reason=PARTIAL,
        )
    url = reverse("indicateurs:campaign_accept", args=[campaign.pk])
    client.force_login(world.bfc.users[Role.ARS_OFFICER])  # an ARS does not accept
    assert client.get(url).status_code == 404
    assert client.post(url, {"report": [campaign.reports.first().pk]}).status_code == 404
    client.force_login(world.national_admin)
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and not RegionAggregate.objects.exists()  # nothing yet
    assert world.bfc.region.name in body and world.ara.region.name in body
    assert body.count("à confirmer") >= 2 and "Accepter ces 2 rapports" in body
    listed = [row["report"].pk for row in page.context["rows"]]
    refused = client.post(url, {"report": listed, "confirmation_reason": ""})
    assert "Rapports à confirmer" in refused.content.decode()
    assert not RegionAggregate.objects.exists()
    # a report validated after the page was shown is not accepted with the others
    response = client.post(url, {"report": listed[:1], "confirmation_reason": PARTIAL}, follow=True)
    assert "1 rapport(s) accepté(s)" in response.content.decode()
    statuses = sorted(campaign.reports.values_list("status", flat=True))
    assert statuses == [ReportStatus.ACCEPTED, ReportStatus.VALIDATED]
    accepted = ReportEvent.objects.get(to_status=ReportStatus.ACCEPTED)
    assert (accepted.reason, accepted.report_id) == (PARTIAL, listed[0])
    assert accepted.confirmed_problems.startswith("incomplet")
    assert list(RegionAggregate.objects.values_list("region_id", "total")) == [
        (accepted.report.region_id, 10)
    ]
