"""The regional governance overview (§ 8): the region's bodies, next meetings, open actions
(overdue flagged), referrals awaiting an answer and the GRADeS set-up milestones; a 404 to
another region's accounts."""

import datetime

import pytest
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.gouvernance import services
from pilote.gouvernance.models import Action, ActionStatus, EthicsReferral
from pilote.gouvernance.overview import region_overview
from pilote.gouvernance.services_referrals import reject_referral, submit_referral
from tests.gouvernance.conftest import convene, make_body


@pytest.fixture
def scene(world, officer, cossis, meeting, committee, immediate_tasks):
    """The ARA COSSIS with its past meeting (two actions, one done) and a meeting to come; the
    ARA ethics committee with one pending and one rejected referral; a BFC body."""
    today = datetime.date.today()
    soon = today + datetime.timedelta(days=20)
    upcoming = convene(
        officer, cossis, when=(soon.year, soon.month, soon.day, 14, 0), title="COSSIS d'hiver"
    )
    late = services.add_action(
        acting_user=officer,
        action=Action(
            meeting=meeting,
            title="Relancer les établissements",
            owner=officer,
            due_on=today - datetime.timedelta(days=3),
        ),
    )
    done = services.add_action(
        acting_user=officer,
        action=Action(meeting=meeting, title="Publier l'annuaire", owner=officer, due_on=today),
    )
    services.update_action(acting_user=officer, action=done, status=ActionStatus.DONE)
    owner = world.ara.users[Role.PROJECT_OWNER]
    pending = submit_referral(
        acting_user=owner,
        referral=EthicsReferral(committee=committee, title="Consentement", question="Écrit ?"),
    )
    rejected = submit_referral(
        acting_user=owner,
        referral=EthicsReferral(committee=committee, title="Hors champ", question="?"),
    )
    reject_referral(acting_user=officer, referral=rejected, note="Hors du champ du comité.")
    bfc_body = make_body(world.bfc.users[Role.ARS_OFFICER], world.bfc.region, name="COSSIS BFC")
    return upcoming, late, pending, committee, bfc_body


def test_the_overview_shows_what_is_coming_and_what_is_pending(world, officer, cossis, scene):
    upcoming, late, pending, committee, bfc_body = scene
    overview = region_overview(officer, world.ara.region)
    assert set(overview["bodies"]) == {cossis, committee}
    assert list(overview["meetings"]) == [upcoming]
    assert list(overview["actions"]) == [late]
    assert overview["overdue"] == 1
    assert list(overview["referrals"]) == [pending]
    assert overview["setup"].region == world.ara.region
    # the national reader sees the same region; BFC's body stays in BFC
    national = region_overview(world.national_reader, world.ara.region)
    assert bfc_body not in set(national["bodies"])


def test_the_page_reads_for_the_region_and_is_a_404_to_another(client, world, officer, scene):
    url = reverse("gouvernance:region", args=[world.ara.region.code])
    client.force_login(officer)
    page = client.get(url).content.decode()
    for text in ("COSSIS d&#x27;hiver", "Relancer les établissements", "1 en retard"):
        assert text in page, text
    assert "Consentement" in page and "Hors champ" not in page
    assert "Publier l&#x27;annuaire" not in page
    assert "Mise en place du GRADeS" in page
    index = client.get(reverse("gouvernance:index")).content.decode()
    assert url in index
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    assert client.get(url).status_code == 404
    client.force_login(world.national_reader)
    assert client.get(url).status_code == 200
    assert client.get(reverse("gouvernance:region", args=["ZZ"])).status_code == 404
