"""A region's ARS officer learns of similar projects and needs that appeared elsewhere: on the
home page, and in a weekly e-mail digest they may opt out of, sent once a week and telling
only what appeared since the previous one."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pilote.comptes.models import Role
from pilote.cooperation import services
from pilote.cooperation.models import Need
from pilote.notifications import digest
from pilote.notifications.digest import send_cooperation_digest
from pilote.notifications.models import DigestSent, Kind
from pilote.notifications.services import set_preferences
from tests.cooperation.conftest import project


def _setup(world, framework):
    project(world.bfc, "BFC-TLC", "Téléconsultation en EHPAD", "Résidents et médecins.")
    return services.declare_need(
        acting_user=world.ara.users[Role.ARS_OFFICER],
        need=Need(
            region=world.ara.region,
            title="Téléconsultation pour les résidents d'EHPAD",
            description="Chariots de téléconsultation avec les médecins traitants.",
        ),
    )


def test_the_home_page_shows_what_appeared_elsewhere_and_the_proposals(
    client, world, framework, bfc_project
):
    _setup(world, framework)
    services.propose(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        project=bfc_project,
        regions=[world.ara.region],
        message="Ensemble",
    )
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    home = client.get(reverse("home")).text
    assert "Projets et besoins proches des vôtres" in home
    assert "Téléconsultation pour les résidents d&#x27;EHPAD" in home
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    assert "Propositions de coopération à examiner" in client.get(reverse("home")).text


def test_the_weekly_digest_goes_to_the_ars_officers_who_did_not_opt_out(
    world, framework, immediate_tasks, django_capture_on_commit_callbacks
):
    _setup(world, framework)
    officer = world.bfc.users[Role.ARS_OFFICER]
    enabled = [k for k in Kind.values if k != Kind.COOPERATION_DIGEST]
    set_preferences(acting_user=officer, user=officer, enabled=enabled)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_cooperation_digest() == 0
    assert not DigestSent.objects.exists()  # nobody written to: a later run may still write
    set_preferences(acting_user=officer, user=officer, enabled=list(Kind.values))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_cooperation_digest() == 1
    (message,) = [m for m in mail.outbox if officer.email in m.to]
    assert "Téléconsultation pour les résidents" in message.body
    assert "Auvergne-Rhône-Alpes" in message.body
    mail.outbox.clear()
    # the daily scheduler runs it again the same week: nothing more
    with django_capture_on_commit_callbacks(execute=True):
        assert send_cooperation_digest() == 0
        call_command("send_reminders", stdout=io.StringIO())
    assert mail.outbox == []
    # a week later, nothing new since that digest
    later = timezone.now() + datetime.timedelta(days=8)
    assert send_cooperation_digest(later) == 0


def test_the_next_digest_tells_only_what_appeared_since_the_previous_one(
    world, framework, immediate_tasks, django_capture_on_commit_callbacks
):
    _setup(world, framework)
    officer = world.bfc.users[Role.ARS_OFFICER]
    first_run = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_cooperation_digest(first_run) == 1
    mail.outbox.clear()
    services.declare_need(
        acting_user=world.ara.users[Role.ARS_OFFICER],
        need=Need(
            region=world.ara.region,
            title="Téléconsultation en EHPAD de montagne",
            description="Chariots de téléconsultation pour les résidents et leurs médecins.",
        ),
    )
    # the scheduler's first run of the next week, 1 to 7 days later: a "last 7 days" digest
    # would tell the first need again (unless the first run fell in Monday's first hour)
    local = timezone.localtime(first_run)
    next_monday = local.replace(hour=1, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=7 - local.weekday()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_cooperation_digest(next_monday) == 1
    (message,) = [m for m in mail.outbox if officer.email in m.to]
    assert "Téléconsultation en EHPAD de montagne" in message.body
    assert "Téléconsultation pour les résidents" not in message.body  # told last week
    assert DigestSent.objects.filter(region=world.bfc.region).count() == 2


def test_a_concurrent_run_finds_the_week_taken_and_writes_nothing(
    world, framework, immediate_tasks, django_capture_on_commit_callbacks
):
    """Two schedulers at once: both see no digest for the week; the second to claim it gets
    the unique constraint's refusal, writes nothing and goes on (no error, no second e-mail)."""
    _setup(world, framework)
    now = timezone.now()
    today = timezone.localdate(now)
    week_start = today - datetime.timedelta(days=today.weekday())
    DigestSent.objects.create(region=world.bfc.region, week_start=week_start, sent_at=now)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest._send(world.bfc.region, now, week_start) == 0
    assert mail.outbox == []
    assert DigestSent.objects.count() == 1
