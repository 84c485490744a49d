"""E-mails after the services' steps, only once the change is committed, to the people the
step concerns (never to its author), unless they opted out of that kind."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs import workflow
from pilote.indicateurs.models import Dataset
from pilote.notifications import services
from pilote.notifications.models import Kind, OptOut
from pilote.portefeuille import services as portfolio
from pilote.portefeuille.models import Phase
from tests.factories import user_with_role
from tests.reporting import PARTIAL, submitted


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_submitted_report_is_mailed_to_its_regions_ars_officers_once_committed(
    world, campaign, django_capture_on_commit_callbacks
):
    second_officer = user_with_role(Role.ARS_OFFICER, world.bfc.ars)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = submitted(world.bfc, campaign)
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert recipients() == sorted([world.bfc.users[Role.ARS_OFFICER].email, second_officer.email])
    message = mail.outbox[0]
    assert message.subject == f"Pilote : rapport soumis — {report}"
    assert f"/indicateurs/rapports/{report.pk}/" in message.body
    assert "attend votre validation" in message.body
    assert "/notifications/" in message.body  # how to stop receiving it


def test_a_step_rolled_back_sends_nothing(world, campaign, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submitted(world.bfc, campaign)
        raise RuntimeError("the enclosing change fails after the submission")
    assert callbacks == [] and mail.outbox == []
    assert campaign.reports.get(region=world.bfc.region).status == "saisie"


def test_the_reporters_hear_of_the_return_the_validation_and_the_acceptance(
    world, campaign, django_capture_on_commit_callbacks
):
    report = submitted(world.bfc, campaign)
    officer = world.bfc.users[Role.ARS_OFFICER]
    manager = world.bfc.users[Role.GRADES_MANAGER]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_report(acting_user=officer, report=report, reason="Périmètre ES à revoir")
    assert recipients() == [manager.email]  # who entered and submitted, not the ARS itself
    assert mail.outbox[0].subject.startswith("Pilote : rapport à corriger")
    assert "Motif : Périmètre ES à revoir" in mail.outbox[0].body
    workflow.submit_report(acting_user=manager, report=report)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.validate_report(acting_user=officer, report=report, confirmation_reason=PARTIAL)
        workflow.accept_report(
            acting_user=world.national_admin, report=report, confirmation_reason=PARTIAL
        )
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"Pilote : rapport validé par l'ARS — {report}",
        f"Pilote : rapport accepté et publié — {report}",
    ]
    assert recipients() == [manager.email, manager.email]
    assert f"Motif de confirmation : {PARTIAL}" in mail.outbox[1].body


def test_a_gate_request_goes_to_who_may_decide_and_the_decision_to_the_requester(
    world, bfc_project, django_capture_on_commit_callbacks
):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    officer = world.bfc.users[Role.ARS_OFFICER]
    with django_capture_on_commit_callbacks(execute=True):
        gate = portfolio.request_gate(
            acting_user=manager, project=bfc_project, to_phase=Phase.OPPORTUNITE, note="COPIL"
        )
    # the ARS decides the opportunity study; the requester never decides their own request;
    # national roles are not written to about a region's gate
    assert recipients() == [officer.email]
    assert "Justification de la demande : COPIL" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        portfolio.decide_gate(acting_user=officer, gate=gate, approve=False, basis="COSSIS 3/3")
    assert recipients() == [manager.email]
    assert "a refusé votre demande" in mail.outbox[0].body
    assert "Fondement de la décision : COSSIS 3/3" in mail.outbox[0].body


def test_an_opened_campaign_is_mailed_to_those_who_enter_its_reports(
    world, indicators, django_capture_on_commit_callbacks
):
    today = datetime.date.today()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = workflow.open_campaign(
            acting_user=world.national_admin,
            dataset=Dataset.objects.get(code="SOCLE_SEMESTRIEL"),
            period="2026S2",
            opens_on=today,
            deadline=today + datetime.timedelta(days=20),
            locks_on=today + datetime.timedelta(days=30),
        )
    expected = [
        region_world.users[role].email
        for region_world in (world.bfc, world.ara)
        for role in (Role.ARS_OFFICER, Role.GRADES_MANAGER)
    ]
    assert recipients() == sorted(expected)
    bfc = campaign.reports.get(region=world.bfc.region)
    [to_bfc] = [m for m in mail.outbox if m.to == [world.bfc.users[Role.GRADES_MANAGER].email]]
    assert f"/indicateurs/rapports/{bfc.pk}/" in to_bfc.body
    assert "est ouverte à la saisie" in to_bfc.body


def test_a_user_who_opts_out_of_a_kind_no_longer_receives_it(
    client, world, campaign, django_capture_on_commit_callbacks
):
    officer = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(officer)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Un rapport de ma région est soumis à l&#x27;ARS" in page
    keep = [k for k in Kind.values if k != Kind.REPORT_SUBMITTED]
    response = client.post(reverse("notifications:preferences"), {"enabled": keep}, follow=True)
    assert "Vos préférences de notification sont enregistrées." in response.content.decode()
    opt_out = OptOut.objects.get(user=officer)
    assert opt_out.kind == Kind.REPORT_SUBMITTED
    assert opt_out.history.get().history_user == officer
    with django_capture_on_commit_callbacks(execute=True):
        submitted(world.bfc, campaign)
    assert mail.outbox == []
    client.post(reverse("notifications:preferences"), {"enabled": Kind.values})
    assert not OptOut.objects.exists()


def test_nobody_chooses_the_emails_of_someone_else(world):
    with pytest.raises(PermissionDenied):
        services.set_preferences(
            acting_user=world.national_admin,
            user=world.bfc.users[Role.ARS_OFFICER],
            enabled=[],
        )
    assert not OptOut.objects.exists()
