"""/comptes/connexions/: logins, failures and lock-outs of every account, for national
administrators only; they may lift a lock-out, which is recorded."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from pilote.comptes import services
from pilote.comptes.models import LockoutLift, Role

PAGE = reverse("comptes:login_activity")
LIFT = reverse("comptes:lift_lockout")


def login(client, email, password):
    return client.post(reverse("comptes:login"), {"username": email, "password": password})


def lock_out(client, email):
    for _ in range(5):
        login(client, email, "mauvais")


@pytest.mark.parametrize(
    "role", [Role.NATIONAL_READER, Role.ARS_OFFICER, Role.ARS_READER, Role.GRADES_MANAGER]
)
def test_everyone_but_national_administrators_gets_a_404(client, world, role):
    user = world.national_reader if role == Role.NATIONAL_READER else world.bfc.users[role]
    client.force_login(user)
    assert client.get(PAGE).status_code == 404
    assert client.post(LIFT, {"email": "x@y.fr", "ip_address": "127.0.0.1"}).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("comptes:login"))


def test_the_page_is_linked_in_the_menu_of_national_administrators_only(client, world):
    client.force_login(world.national_admin)
    assert PAGE in client.get(reverse("comptes:tokens")).content.decode()
    client.force_login(world.national_reader)
    assert PAGE not in client.get(reverse("comptes:tokens")).content.decode()


def test_it_lists_logins_failures_and_lockouts(client, world):
    officer = world.bfc.users[Role.ARS_OFFICER]
    reader = world.bfc.users[Role.ARS_READER]
    login(client, officer.email, "mot-de-passe-test")
    client.post(reverse("comptes:logout"))
    lock_out(client, reader.email)
    client.force_login(world.national_admin)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert [a.username for a in response.context["logins"]][-1] == officer.email
    assert [a.username for a in response.context["failures"]] == [reader.email] * 5
    [lockout] = response.context["lockouts"]
    assert (lockout["username"], lockout["ip_address"], lockout["failures"]) == (
        reader.email,
        "127.0.0.1",
        5,
    )
    page = response.content.decode()
    assert "Blocages en cours" in page and "Lever le blocage" in page and reader.email in page


def test_an_ended_lockout_is_no_longer_listed(client, world):
    reader = world.bfc.users[Role.ARS_READER]
    lock_out(client, reader.email)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    client.force_login(world.national_admin)
    assert client.get(PAGE).context["lockouts"] == []


def test_it_filters_by_email_and_day(client, world):
    officer = world.bfc.users[Role.ARS_OFFICER]
    for email in (officer.email, "inconnu@ars.fr"):
        login(client, email, "mauvais")
    AccessFailureLog.objects.filter(username="inconnu@ars.fr").update(
        attempt_time=timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(world.national_admin)
    by_email = client.get(PAGE, {"email": "INCONNU"}).context
    assert [a.username for a in by_email["failures"]] == ["inconnu@ars.fr"]
    assert list(by_email["logins"]) == []
    today = timezone.localdate().isoformat()
    by_day = client.get(PAGE, {"day": today}).context
    assert [a.username for a in by_day["failures"]] == [officer.email]
    assert [a.username for a in by_day["logins"]] == [world.national_admin.email]


def test_an_administrator_lifts_a_lockout_and_it_is_recorded(client, world):
    reader = world.bfc.users[Role.ARS_READER]
    lock_out(client, reader.email)
    assert login(client, reader.email, "mot-de-passe-test").status_code == 429
    client.force_login(world.national_admin)
    response = client.post(LIFT, {"email": reader.email, "ip_address": "127.0.0.1"}, follow=True)
    assert "Blocage levé" in response.content.decode()
    lift = LockoutLift.objects.get()
    assert (lift.email, lift.ip_address, lift.failures) == (reader.email, "127.0.0.1", 5)
    assert lift.lifted_by == world.national_admin
    assert lift.history.get().history_user == world.national_admin
    assert world.national_admin.email in response.content.decode()
    client.post(reverse("comptes:logout"))
    assert login(client, reader.email, "mot-de-passe-test").status_code == 302
    assert AccessLog.objects.filter(username=reader.email).exists()


def test_lifting_an_ended_lockout_says_so(client, world):
    client.force_login(world.national_admin)
    response = client.post(LIFT, {"email": "x@y.fr", "ip_address": "127.0.0.1"}, follow=True)
    assert "Ce blocage a déjà pris fin." in response.content.decode()
    assert not LockoutLift.objects.exists()


def test_only_national_administrators_lift_a_lockout(client, world):
    reader = world.bfc.users[Role.ARS_READER]
    lock_out(client, reader.email)
    with pytest.raises(PermissionDenied):
        services.lift_lockout(
            acting_user=world.national_reader, email=reader.email, ip_address="127.0.0.1"
        )
    assert AccessAttempt.objects.exists() and not LockoutLift.objects.exists()
