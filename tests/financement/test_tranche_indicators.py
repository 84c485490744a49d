"""Tranche targets on computed indicators (a ratio of the indicator module, not only a data
element's value): the value is the indicator module's own computation — what the dashboard
shows — read on accepted data only, when the acceptance has refreshed the roll-ups."""

from decimal import Decimal

import pytest

from pilote.comptes.models import Role
from pilote.financement import tranches
from pilote.financement.models import TrancheStatus
from pilote.indicateurs import analytics, workflow
from pilote.indicateurs.models import Indicator
from pilote.indicateurs.periods import parse
from tests.reporting import enter, submitted, validate_and_accept


@pytest.fixture
def ratio():
    """MSS_ES_CONNECTES ÷ ES_TOTAL × 100: the share of establishments on secure messaging."""
    indicator = Indicator.objects.get(code="IND_MSS_ES")
    assert indicator.is_ratio
    return indicator


def ratio_tranche(officer, commitment, world, campaign, ratio, threshold=50.0):  # noqa: F811
    return tranches.add_tranche(
        acting_user=officer,
        commitment=commitment,
        label="Messagerie : la moitié des établissements",
        amount=Decimal("30000"),
        indicator=ratio,
        territory=world.bfc.region,
        period=campaign.period,
        threshold=threshold,
    )


def dashboard_value(ratio, campaign, region):
    table = analytics.indicator_table([ratio], parse(campaign.period), region_ids=[region.pk])
    return table.get((ratio.pk, region.pk))


def test_a_ratio_target_is_met_exactly_when_the_accepted_ratio_reaches_it(
    world,
    campaign,
    commitment,  # noqa: F811
    officer,
    ratio,
):
    tranche = ratio_tranche(officer, commitment, world, campaign, ratio)
    report = submitted(world.bfc, campaign, ES_TOTAL="40", MSS_ES_CONNECTES="19")
    validate_and_accept(world.bfc, world.national_admin, report)
    tranche.refresh_from_db()
    assert dashboard_value(ratio, campaign, world.bfc.region) == 47.5
    assert tranche.status == TrancheStatus.WAITING
    workflow.unlock_report(acting_user=world.national_admin, report=report, reason="Oubli")
    enter(world.bfc, report, MSS_ES_CONNECTES="20")  # 50 %: entered, not accepted
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.WAITING
    assert tranches.indicator_target_value(tranche) == 47.5  # still the accepted figure
    validate_and_accept(world.bfc, world.national_admin, report)
    tranche.refresh_from_db()
    report.refresh_from_db()
    assert tranche.status == TrancheStatus.PAYABLE
    assert tranche.evidence_value == dashboard_value(ratio, campaign, world.bfc.region) == 50.0
    assert tranche.evidence_report == report


def test_a_ratio_already_reached_makes_the_new_tranche_payable(
    world,
    campaign,
    commitment,  # noqa: F811
    officer,
    ratio,
):
    report = submitted(world.bfc, campaign, ES_TOTAL="30", MSS_ES_CONNECTES="27")
    validate_and_accept(world.bfc, world.national_admin, report)
    tranche = ratio_tranche(officer, commitment, world, campaign, ratio, threshold=90)
    assert tranche.status == TrancheStatus.PAYABLE
    assert tranche.evidence_value == dashboard_value(ratio, campaign, world.bfc.region) == 90.0
