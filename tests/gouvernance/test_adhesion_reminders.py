"""`pilote send_reminders` announces to the ARS the adhesion acts that expire, 90 then 30 days
before, once each."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from pilote.comptes.models import Role
from pilote.gouvernance import services
from pilote.gouvernance.models import Adhesion, Charter
from pilote.notifications.governance import send_adhesion_reminders
from pilote.notifications.models import AdhesionReminderSent, Kind, OptOut

TODAY = datetime.date(2027, 1, 10)


@pytest.fixture(autouse=True)
def _send_at_once(immediate_tasks):
    """The e-mails are a task enqueued at the commit: run at once here."""


@pytest.fixture
def charter(cossis, officer):
    return services.save_charter(
        acting_user=officer,
        charter=Charter(
            body=cossis, title="Charte e-santé", version="1", adopted_on=datetime.date(2020, 1, 1)
        ),
    )


def adhere(officer, charter, organisation, expires_on) -> Adhesion:
    adhesion = services.record_adhesion(
        acting_user=officer,
        adhesion=Adhesion(
            charter=charter,
            organisation=organisation,
            signatory="Mme Signataire",
            signatory_function="Directrice",
            signed_on=datetime.date(2022, 1, 1),
        ),
    )
    Adhesion.objects.filter(pk=adhesion.pk).update(expires_on=expires_on)
    return adhesion


def run(capture, today=TODAY) -> int:
    with capture(execute=True):
        return send_adhesion_reminders(today)


def test_the_ars_is_told_90_then_30_days_before_once_each(
    world, charter, officer, django_capture_on_commit_callbacks
):
    soon = adhere(officer, charter, world.ara.hospital, TODAY + datetime.timedelta(days=90))
    adhere(officer, charter, world.ara.grades, TODAY + datetime.timedelta(days=200))
    assert run(django_capture_on_commit_callbacks) == 1
    [message] = mail.outbox
    assert message.to == [officer.email]
    assert world.ara.hospital.name in message.body
    assert "dans 90 jours" in message.body
    assert world.ara.grades.name not in message.body
    # the same day, or later before the 30-day announcement: nothing more
    assert run(django_capture_on_commit_callbacks) == 0
    assert run(django_capture_on_commit_callbacks, TODAY + datetime.timedelta(days=40)) == 0
    assert run(django_capture_on_commit_callbacks, TODAY + datetime.timedelta(days=61)) == 1
    assert "dans 29 jours" in mail.outbox[-1].body
    assert run(django_capture_on_commit_callbacks, TODAY + datetime.timedelta(days=62)) == 0
    assert sorted(
        AdhesionReminderSent.objects.filter(adhesion=soon).values_list("days_before", flat=True)
    ) == [30, 90]
    # nobody of another region, no reader
    assert {m.to[0] for m in mail.outbox} == {officer.email}


def test_a_withdrawn_or_renewed_adhesion_or_an_opt_out_sends_nothing(
    world, charter, officer, django_capture_on_commit_callbacks
):
    withdrawn = adhere(officer, charter, world.ara.hospital, TODAY + datetime.timedelta(days=20))
    services.withdraw_adhesion(
        acting_user=officer,
        adhesion=withdrawn,
        requested_on=datetime.date(2026, 5, 1),
        withdrawn_on=datetime.date(2026, 6, 1),
    )
    adhere(officer, charter, world.ara.grades, TODAY + datetime.timedelta(days=20))
    renewal = adhere(officer, charter, world.ara.grades, TODAY + datetime.timedelta(days=1800))
    Adhesion.objects.filter(pk=renewal.pk).update(signed_on=datetime.date(2026, 12, 1))
    assert run(django_capture_on_commit_callbacks) == 0
    adhere(officer, charter, world.ara.ars, TODAY + datetime.timedelta(days=20))
    OptOut.objects.create(user=officer, kind=Kind.ADHESION_EXPIRY)
    assert run(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox


def test_the_daily_command_reports_both_kinds(
    world, charter, officer, django_capture_on_commit_callbacks
):
    today = datetime.date.today()
    adhere(officer, charter, world.ara.hospital, today + datetime.timedelta(days=30))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert "0 rappel(s) envoyé(s)." in out.getvalue()
    assert "1 annonce(s) d'échéance d'adhésion envoyée(s)." in out.getvalue()
    assert mail.outbox[0].to == [world.ara.users[Role.ARS_OFFICER].email]
