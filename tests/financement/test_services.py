"""Programming → commitment → payment: never more below than above, the opportunity study
before any commitment on a project, explicit carry-overs, the ARS alone changes, history."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.comptes.models import Role
from pilote.financement import services
from pilote.financement.models import Allocation, Envelope, Origin
from pilote.portefeuille.models import Phase
from tests.financement.conftest import TODAY, notify
from tests.portefeuille.test_gates import attach_opportunity_study, move


def programme(officer, envelope, beneficiary, amount, project=None, **kwargs):
    return services.allocate(
        acting_user=officer,
        envelope=envelope,
        beneficiary=beneficiary,
        project=project,
        label="Déploiement",
        amount=Decimal(amount),
        programmed_on=TODAY,
        **kwargs,
    )


def commit(officer, allocation, amount, reference="DEC-2026-01"):
    return services.commit(
        acting_user=officer,
        allocation=allocation,
        reference=reference,
        decided_on=TODAY,
        amount=Decimal(amount),
    )


def test_an_envelope_is_programmed_committed_and_paid_to_the_cent(world, envelope, officer):
    allocation = programme(officer, envelope, world.bfc.grades, "60000.10")
    second = programme(officer, envelope, world.bfc.hospital, "39999.90")
    assert services.available(envelope) == Decimal("0.00")
    commitment = commit(officer, allocation, "60000.10")
    services.pay(
        acting_user=officer,
        commitment=commitment,
        paid_on=TODAY,
        amount=Decimal("30000.05"),
        reference="MDT-1",
    )
    assert services.paid(commitment) == Decimal("30000.05")
    with pytest.raises(ValidationError) as refused:
        programme(officer, envelope, world.bfc.grades, "0.01")
    assert "reste à programmer sur l'enveloppe (0,00\u00a0€)" in refused.value.messages[0]
    assert refused.value.message_dict.keys() == {"amount"}
    with pytest.raises(ValidationError, match="reste à engager"):
        commit(officer, second, "40000.00")
    with pytest.raises(ValidationError) as refused:
        services.pay(
            acting_user=officer,
            commitment=commitment,
            paid_on=TODAY,
            amount=Decimal("30000.06"),
            reference="MDT-2",
        )
    assert "reste à payer sur l'engagement (30\u202f000,05\u00a0€)" in refused.value.messages[0]
    latest = allocation.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (officer, "Programmation")


def test_an_envelope_cannot_fall_below_what_is_programmed(world, envelope, officer):
    programme(officer, envelope, world.bfc.grades, "80000")
    envelope.amount = Decimal("79999.99")
    with pytest.raises(ValidationError, match="sous ce qui est déjà programmé"):
        services.save_envelope(acting_user=officer, envelope=envelope)
    envelope.refresh_from_db()
    assert envelope.amount == Decimal("100000.00")


def test_no_commitment_on_a_project_before_its_opportunity_study_is_approved(
    world, envelope, officer, bfc_project
):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    allocation = programme(officer, envelope, world.bfc.hospital, "50000", project=bfc_project)
    with pytest.raises(ValidationError, match="étude d'opportunité du projet BFC-ROR"):
        commit(officer, allocation, "50000")
    move(bfc_project, Phase.OPPORTUNITE, manager, officer)
    attach_opportunity_study(bfc_project, manager)
    move(bfc_project, Phase.CADRAGE, manager, officer)
    assert commit(officer, allocation, "50000").amount == Decimal("50000.00")


def test_the_beneficiary_and_the_project_belong_to_the_envelopes_region(world, envelope, officer):
    with pytest.raises(ValidationError, match="structure de la région"):
        programme(officer, envelope, world.ara.hospital, "10")
    assert not Allocation.objects.exists()


def test_more_than_the_eligible_cost_is_refused_and_the_rate_is_shown(world, envelope, officer):
    with pytest.raises(ValidationError, match="dépasse le coût éligible"):
        programme(officer, envelope, world.bfc.grades, "100", eligible_cost=Decimal("99"))
    allocation = programme(officer, envelope, world.bfc.grades, "40", eligible_cost=Decimal("160"))
    assert allocation.rate == Decimal("25.0")


def test_a_carry_over_is_explicit_and_reduces_what_remains(world, envelope, officer):
    programme(officer, envelope, world.bfc.grades, "70000")
    carried = services.carry_over(
        acting_user=officer, envelope=envelope, amount=Decimal("20000"), note="Retard du ROR"
    )
    assert (carried.year, carried.origin, carried.carried_from) == (
        2027,
        Origin.CARRIED_OVER,
        envelope,
    )
    assert carried.amount == Decimal("20000.00") and "Retard du ROR" in carried.note
    assert services.available(envelope) == Decimal("10000.00")
    again = services.carry_over(acting_user=officer, envelope=envelope, amount=Decimal("10000"))
    assert again.pk == carried.pk and again.amount == Decimal("30000.00")
    with pytest.raises(ValidationError, match="reporter que ce qui reste"):
        services.carry_over(acting_user=officer, envelope=envelope, amount=Decimal("0.01"))


@pytest.mark.parametrize(
    "role", [Role.ARS_READER, Role.GRADES_MANAGER, Role.PROJECT_OWNER, Role.BODY_MEMBER]
)
def test_only_the_ars_changes_its_funding(world, envelope, officer, role):
    user = world.bfc.users[role]
    with pytest.raises(PermissionDenied, match="gérés par son ARS"):
        programme(user, envelope, world.bfc.grades, "10")
    with pytest.raises(PermissionDenied):
        notify(world.ara.users[Role.ARS_OFFICER], world.bfc.region, "10", year=2027)
    with pytest.raises(PermissionDenied):
        notify(world.national_reader, world.bfc.region, "10", year=2027)
    assert notify(world.national_admin, world.bfc.region, "10", year=2027).pk


def test_funding_is_read_by_the_regions_ars_and_grades_and_national_roles(world, envelope):
    def sees(user):
        return Envelope.objects.visible_to(user).filter(pk=envelope.pk).exists()

    assert sees(world.bfc.users[Role.ARS_OFFICER]) and sees(world.bfc.users[Role.ARS_READER])
    assert sees(world.bfc.users[Role.GRADES_MANAGER]) and sees(world.national_reader)
    assert not sees(world.bfc.users[Role.PROJECT_OWNER])
    assert not sees(world.bfc.users[Role.BODY_MEMBER])
    assert not sees(world.ara.users[Role.ARS_OFFICER])
