import datetime
from decimal import Decimal

import pytest

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.financement import services
from pilote.financement.models import BudgetLine, Channel, Envelope, Funder
from pilote.financement.reference import load_funding_reference

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
