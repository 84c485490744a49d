"""Tranches conditioned on usage: payable exactly when an accepted value reaches the target
(entered, submitted or validated data never counts), with the evidence stored; a correction
below the target after payment warns and never unpays; a deliverable approved by the ARS."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.comptes.models import Role
from pilote.financement import services, tranches
from pilote.financement.models import Tranche, TrancheStatus
from pilote.indicateurs import workflow
from pilote.indicateurs.models import DataElement
from tests.financement.conftest import TODAY, pay_then_correct_below_target, usage_tranche
from tests.reporting import submitted, validate_and_accept


def test_a_tranche_turns_payable_when_the_accepted_value_reaches_its_target(
    world, campaign, commitment, officer
):
    tranche = usage_tranche(officer, commitment, world, campaign)
    assert tranche.status == TrancheStatus.WAITING
    report = submitted(world.bfc, campaign, ES_TOTAL="45")
    workflow.validate_report(
        acting_user=officer, report=report, confirmation_reason="Remontée partielle"
    )
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.WAITING  # entered, submitted, validated: not yet
    workflow.accept_report(
        acting_user=world.national_admin, report=report, confirmation_reason="Remontée partielle"
    )
    tranche.refresh_from_db()
    report.refresh_from_db()
    assert tranche.status == TrancheStatus.PAYABLE
    assert (tranche.evidence_value, tranche.evidence_report) == (45.0, report)
    assert tranche.evidence_accepted_at == report.accepted_at
    assert tranche.history.latest().history_change_reason.startswith("Rapport accepté")
    paid = tranches.pay_tranche(
        acting_user=officer, tranche=tranche, paid_on=TODAY, reference="MDT-T1"
    )
    assert paid.status == TrancheStatus.PAID
    assert paid.payment.amount == Decimal("30000.00")
    assert services.paid(commitment) == Decimal("30000.00")


def test_a_value_below_the_target_leaves_the_tranche_waiting(world, campaign, commitment, officer):
    tranche = usage_tranche(officer, commitment, world, campaign)
    report = submitted(world.bfc, campaign, ES_TOTAL="39")
    validate_and_accept(world.bfc, world.national_admin, report)
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.WAITING
    with pytest.raises(ValidationError, match="n'est pas payable"):
        tranches.pay_tranche(acting_user=officer, tranche=tranche, paid_on=TODAY, reference="X")


def test_another_regions_acceptance_does_not_count(world, campaign, commitment, officer):
    tranche = usage_tranche(officer, commitment, world, campaign)
    report = submitted(world.ara, campaign, ES_TOTAL="400")
    validate_and_accept(world.ara, world.national_admin, report)
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.WAITING


def test_a_correction_below_the_target_warns_and_never_unpays(world, campaign, commitment, officer):
    tranche = usage_tranche(officer, commitment, world, campaign)
    pay_then_correct_below_target(world, campaign, officer, tranche)
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.PAID
    assert "valeur publiée (30) est sous la cible (40)" in tranche.warning
    assert tranche.evidence_value == 45.0  # the evidence of the payment stays


def test_a_target_already_met_by_accepted_history_is_payable_at_once(
    world, campaign, commitment, officer
):
    report = submitted(world.bfc, campaign, ES_TOTAL="41")
    validate_and_accept(world.bfc, world.national_admin, report)
    tranche = usage_tranche(officer, commitment, world, campaign)
    assert tranche.status == TrancheStatus.PAYABLE and tranche.evidence_value == 41.0


def test_a_deliverable_tranche_waits_for_the_ars_approval(world, commitment, officer):
    tranche = tranches.add_tranche(
        acting_user=officer,
        commitment=commitment,
        label="Étude de déploiement remise",
        amount=Decimal("60000"),
        deliverable="Rapport d'étude de déploiement",
    )
    assert tranche.status == TrancheStatus.WAITING
    with pytest.raises(PermissionDenied):
        tranches.approve_deliverable(
            acting_user=world.bfc.users[Role.GRADES_MANAGER],
            tranche=tranche,
            approved_on=datetime.date(2026, 4, 1),
        )
    tranche = tranches.approve_deliverable(
        acting_user=officer, tranche=tranche, approved_on=datetime.date(2026, 4, 1)
    )
    assert tranche.status == TrancheStatus.PAYABLE and tranche.deliverable_approved_by == officer


def test_tranches_never_exceed_the_commitment_and_a_target_is_complete(
    world, campaign, commitment, officer
):
    usage_tranche(officer, commitment, world, campaign, amount="90000")
    with pytest.raises(ValidationError, match="restent à répartir"):
        usage_tranche(officer, commitment, world, campaign, amount="0.01")
    with pytest.raises(ValidationError, match="soit un territoire, soit un établissement"):
        tranches.add_tranche(
            acting_user=officer,
            commitment=commitment,
            label="Incomplète",
            amount=Decimal("0"),
            data_element=DataElement.objects.get(code="ES_TOTAL"),
            period=campaign.period,
            threshold=1,
        )
    assert Tranche.objects.count() == 1


def test_the_envelope_page_shows_the_tranche_its_evidence_and_pays_it(
    client, world, campaign, envelope, commitment, officer
):
    from django.urls import reverse

    tranche = usage_tranche(officer, commitment, world, campaign)
    report = submitted(world.bfc, campaign, ES_TOTAL="45")
    validate_and_accept(world.bfc, world.national_admin, report)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    page = client.get(reverse("financement:envelope", args=[envelope.pk])).content.decode()
    assert "Usage : 40 établissements" in page and "Payable" in page
    assert "Preuve : valeur 45.0" in page or "Preuve : valeur 45,0" in page
    assert "Payer la tranche" not in page  # the GRADeS reads, the ARS pays
    client.force_login(officer)
    response = client.post(
        reverse("financement:tranche_pay", args=[tranche.pk]),
        {"paid_on": "2026-06-01", "reference": "MDT-T1"},
    )
    assert response.status_code == 302
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.PAID
    page = client.get(reverse("financement:envelope", args=[envelope.pk])).content.decode()
    assert "Payée le 01/06/2026 (MDT-T1)" in page


def test_the_regions_ars_officer_is_told_when_a_tranche_becomes_payable(
    world, campaign, commitment, officer, immediate_tasks, django_capture_on_commit_callbacks
):
    from django.core import mail

    usage_tranche(officer, commitment, world, campaign)
    report = submitted(world.bfc, campaign, ES_TOTAL="45")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        validate_and_accept(world.bfc, world.national_admin, report)
    [message] = [m for m in mail.outbox if "tranche payable" in m.subject]
    assert message.to == [officer.email]
    assert "Usage : 40 établissements" in message.subject
    assert "Preuve : la valeur 45" in message.body and "/financement/enveloppes/" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unlock_report(acting_user=world.national_admin, report=report, reason="Doublons")
        workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
        validate_and_accept(world.bfc, world.national_admin, report)
    assert len([m for m in mail.outbox if "tranche payable" in m.subject]) == 1  # once
