"""A region's ARS officer learns of similar projects and needs that appeared elsewhere: on the
home page, and in a weekly e-mail digest they may opt out of."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pilote.comptes.models import Role
from pilote.cooperation import services
from pilote.cooperation.models import Need
from pilote.notifications.digest import send_cooperation_digest
from pilote.notifications.models import Kind
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
    with django_capture_on_commit_callbacks(execute=True):
        assert send_cooperation_digest() == 1
    (message,) = [m for m in mail.outbox if officer.email in m.to]
    assert "Téléconsultation pour les résidents" in message.body
    assert "Auvergne-Rhône-Alpes" in message.body
    mail.outbox.clear()
    enabled = [k for k in Kind.values if k != Kind.COOPERATION_DIGEST]
    set_preferences(acting_user=officer, user=officer, enabled=enabled)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_cooperation_digest() == 0
    # a week later, nothing new
    later = timezone.now() + datetime.timedelta(days=8)
    set_preferences(acting_user=officer, user=officer, enabled=list(Kind.values))
    assert send_cooperation_digest(later) == 0
