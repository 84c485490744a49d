"""Two officers racing for the last euros of an envelope, a programming or a commitment: one
passes, the other is refused, never both (the row above is locked before the sum below is
read). Real threads, each with its own database connection."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from pilote.comptes.models import Role
from pilote.financement import services
from pilote.financement.models import Allocation, Commitment
from pilote.financement.reference import load_funding_reference
from tests.financement.conftest import TODAY, notify

pytestmark = pytest.mark.django_db(transaction=True)


def race(action, runs: int = 2):
    """Run `action` in `runs` threads started together; return (successes, refusals)."""
    barrier = threading.Barrier(runs)
    done, refused, crashed = [], [], []

    def run():
        try:
            barrier.wait()
            done.append(action())
        except ValidationError as exc:
            refused.append(exc)
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            crashed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert crashed == []
    return done, refused


def test_two_programmings_racing_for_the_last_euros(world):
    load_funding_reference(acting_user=world.national_admin)
    officer = world.bfc.users[Role.ARS_OFFICER]
    envelope = notify(officer, world.bfc.region, "100.00")
    for attempt in range(3):
        done, refused = race(
            lambda: services.allocate(
                acting_user=officer,
                envelope=envelope,
                beneficiary=world.bfc.grades,
                label="Course",
                amount=Decimal("60.00"),
                programmed_on=TODAY,
            )
        )
        assert (len(done), len(refused)) == ((1, 1) if attempt == 0 else (0, 2))
    assert services.programmed(envelope) == Decimal("60.00")
    assert Allocation.objects.count() == 1


def test_two_commitments_racing_for_the_last_euros(world):
    load_funding_reference(acting_user=world.national_admin)
    officer = world.bfc.users[Role.ARS_OFFICER]
    envelope = notify(officer, world.bfc.region, "100.00")
    allocation = services.allocate(
        acting_user=officer,
        envelope=envelope,
        beneficiary=world.bfc.grades,
        label="Course",
        amount=Decimal("100.00"),
        programmed_on=TODAY,
    )
    references = iter(["DEC-A", "DEC-B"])
    lock = threading.Lock()

    def commit():
        with lock:
            reference = next(references)
        return services.commit(
            acting_user=officer,
            allocation=allocation,
            reference=reference,
            decided_on=TODAY,
            amount=Decimal("70.00"),
        )

    done, refused = race(commit)
    assert (len(done), len(refused)) == (1, 1)
    assert "reste à engager" in refused[0].messages[0]
    assert Commitment.objects.count() == 1
