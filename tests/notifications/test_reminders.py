"""`pilote send_reminders`, run daily: 7 days then 1 day before a campaign's deadline, those who
may enter a report not yet submitted are reminded, once."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command

from pilote.comptes.models import Role
from pilote.notifications.models import Kind, OptOut, ReminderSent
from tests.reporting import submitted


def run(capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def due_in(campaign, days: int) -> None:
    type(campaign).objects.filter(pk=campaign.pk).update(
        deadline=datetime.date.today() + datetime.timedelta(days=days)
    )


def people(world, *region_worlds):
    return sorted(
        rw.users[role].email
        for rw in region_worlds
        for role in (Role.ARS_OFFICER, Role.GRADES_MANAGER)
    )


def test_seven_days_before_the_deadline_each_reporter_is_reminded_once(
    world, campaign, django_capture_on_commit_callbacks
):
    due_in(campaign, 7)
    assert "4 rappel(s) envoyé(s)." in run(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == people(world, world.bfc, world.ara)
    [to_bfc] = [m for m in mail.outbox if m.to == [world.bfc.users[Role.GRADES_MANAGER].email]]
    report = campaign.reports.get(region=world.bfc.region)
    assert to_bfc.subject == f"Pilote : plus que 7 jour(s) pour la campagne {campaign.name}"
    assert "dans 7 jours" in to_bfc.body
    assert f"/indicateurs/rapports/{report.pk}/" in to_bfc.body
    # the same day, or any later day before the 1-day reminder: nothing more
    assert "0 rappel(s) envoyé(s)." in run(django_capture_on_commit_callbacks)
    due_in(campaign, 3)
    run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4
    assert set(ReminderSent.objects.values_list("days_before", flat=True)) == {7}


def test_the_day_before_only_those_who_have_not_submitted_are_reminded(
    world, campaign, django_capture_on_commit_callbacks
):
    submitted(world.bfc, campaign)
    OptOut.objects.create(user=world.ara.users[Role.ARS_OFFICER], kind=Kind.CAMPAIGN_REMINDER)
    due_in(campaign, 1)
    run(django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [world.ara.users[Role.GRADES_MANAGER].email]
    assert "demain" in mail.outbox[0].body
    assert list(ReminderSent.objects.values_list("days_before", flat=True)) == [1]
    run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_no_reminder_far_from_the_deadline_or_once_it_has_passed(
    world, campaign, django_capture_on_commit_callbacks
):
    for days in (8, 30, -1):
        due_in(campaign, days)
        run(django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_a_reminder_the_mail_server_refused_is_sent_again_by_the_next_run(
    world, campaign, django_capture_on_commit_callbacks, settings, immediate_tasks
):
    """The reminder is recorded when handed to the worker; if the mail server then fails, the
    record is forgotten, so the next daily run sends it rather than never."""
    import socket

    with socket.socket() as probe:  # a port nobody listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    due_in(campaign, 7)
    run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "4 rappel(s) envoyé(s)." in run(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == people(world, world.bfc, world.ara)
    assert ReminderSent.objects.count() == 4
