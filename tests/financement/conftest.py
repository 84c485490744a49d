import datetime
from decimal import Decimal

import pytest

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.financement import services, tranches
from pilote.financement.models import BudgetLine, Channel, Envelope, Funder
from pilote.financement.reference import load_funding_reference
from pilote.indicateurs import workflow
from pilote.indicateurs.models import DataElement
from tests.reporting import enter, submitted, validate_and_accept

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def funding_reference(db):
    load_funding_reference(acting_user=SYSTEM)


@pytest.fixture
def officer(world):
    return world.bfc.users[Role.ARS_OFFICER]


def notify(user, region, amount, year=2026, line="e-sante-gcs", funder="ars-fir"):
    return services.save_envelope(
        acting_user=user,
        envelope=Envelope(
            region=region,
            funder=Funder.objects.get(code=funder),
            line=BudgetLine.objects.get(code=line),
            year=year,
            amount=Decimal(amount),
            channel=Channel.GRADES,
        ),
    )


@pytest.fixture
def envelope(world, funding_reference, officer):
    """A BFC FIR envelope of 100,000.00 € for 2026."""
    return notify(officer, world.bfc.region, "100000.00")


def programme_and_commit(user, envelope, beneficiary, amount, committed=None, label="Programme"):
    """Programme `amount` of `envelope` to `beneficiary` on 2026-02-01 and commit `committed`
    (all of it by default) the next day; return (allocation, commitment)."""
    allocation = services.allocate(
        acting_user=user,
        envelope=envelope,
        beneficiary=beneficiary,
        label=label,
        amount=Decimal(amount),
        programmed_on=datetime.date(2026, 2, 1),
    )
    commitment = services.commit(
        acting_user=user,
        allocation=allocation,
        reference=f"CONV-{allocation.pk}",
        decided_on=datetime.date(2026, 2, 2),
        amount=Decimal(committed or amount),
    )
    return allocation, commitment


@pytest.fixture
def commitment(world, envelope, officer):
    allocation = services.allocate(
        acting_user=officer,
        envelope=envelope,
        beneficiary=world.bfc.grades,
        label="Déploiement de la messagerie sécurisée",
        amount=Decimal("90000"),
        programmed_on=TODAY,
    )
    return services.commit(
        acting_user=officer,
        allocation=allocation,
        reference="CONV-MSS",
        decided_on=TODAY,
        amount=Decimal("90000"),
    )


def usage_tranche(officer, commitment, world, campaign, threshold=40.0, amount="30000"):
    return tranches.add_tranche(
        acting_user=officer,
        commitment=commitment,
        label="Usage : 40 établissements",
        amount=Decimal(amount),
        data_element=DataElement.objects.get(code="ES_TOTAL"),
        territory=world.bfc.region,
        period=campaign.period,
        threshold=threshold,
    )


def pay_then_correct_below_target(world, campaign, officer, tranche):
    """BFC's accepted 45 makes `tranche` (target 40) payable; it is paid (MDT-T1, TODAY), then
    the report is unlocked, corrected to 30 and accepted again."""
    report = submitted(world.bfc, campaign, ES_TOTAL="45")
    validate_and_accept(world.bfc, world.national_admin, report)
    tranche.refresh_from_db()
    tranches.pay_tranche(acting_user=officer, tranche=tranche, paid_on=TODAY, reference="MDT-T1")
    workflow.unlock_report(acting_user=world.national_admin, report=report, reason="Doublons")
    enter(world.bfc, report, ES_TOTAL="30")
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    validate_and_accept(world.bfc, world.national_admin, report)
    return report
