"""Login throttling (django-axes): 5 failures for an e-mail from an address lock that pair out
for 15 minutes; the login page says so in French."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

PASSWORD = "mot-de-passe-test"


@pytest.fixture
def user(db):
    return UserFactory(email="agent@ars.fr")


def login(client, email, password, **extra):
    return client.post(reverse("comptes:login"), {"username": email, "password": password}, **extra)


def fail(client, email, times, **extra):
    return [login(client, email, "mauvais", **extra) for _ in range(times)]


def is_logged_in(client) -> bool:
    return client.get(reverse("comptes:tokens")).status_code == 200


def test_it_locks_out_after_five_failures_even_with_the_right_password(client, user):
    responses = fail(client, user.email, 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert "Trop de tentatives" not in responses[3].content.decode()
    assert responses[4].status_code == 429
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de tentatives de connexion" in page
    assert "Réessayez dans 15 minutes." in page
    assert 'value="agent@ars.fr"' in page  # the form is there to try again later
    assert not is_logged_in(client)


def test_it_announces_the_minutes_left(client, user):
    fail(client, user.email, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=10))
    response = login(client, user.email, PASSWORD)
    assert "Réessayez dans 5 minutes." in response.content.decode()


def test_it_lets_the_user_in_again_after_the_lockout_period(client, user):
    fail(client, user.email, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert login(client, user.email, PASSWORD).status_code == 302
    assert is_logged_in(client)


@pytest.mark.parametrize("limit, minutes", [(2, 30)])
def test_the_limit_and_the_period_come_from_the_settings(client, user, settings, limit, minutes):
    settings.AXES_FAILURE_LIMIT = limit
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=minutes)
    assert [r.status_code for r in fail(client, user.email, 2)] == [200, 429]
    assert "Réessayez dans 30 minutes." in login(client, user.email, PASSWORD).content.decode()


def test_a_successful_login_resets_the_count(client, user):
    fail(client, user.email, 4)
    assert login(client, user.email, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.post(reverse("comptes:logout"))
    fail(client, user.email, 4)
    assert login(client, user.email, PASSWORD).status_code == 302


def test_it_counts_an_email_whatever_its_case(client, user):
    fail(client, "Agent@ARS.fr", 3)
    fail(client, " agent@ars.FR", 2)
    assert login(client, user.email, PASSWORD).status_code == 429


def test_the_lockout_holds_an_account_from_one_address_only(client, user):
    other = UserFactory(email="autre@ars.fr")
    fail(client, user.email, 5)
    assert login(client, other.email, PASSWORD).status_code == 302
    client.post(reverse("comptes:logout"))
    assert login(client, user.email, PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_the_admin_login_is_throttled_too(client, user):
    fail(client, user.email, 5)
    response = client.post(reverse("admin:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()


def test_failures_and_successes_are_logged(client, user):
    fail(client, user.email, 2)
    login(client, user.email, PASSWORD)
    assert AccessFailureLog.objects.filter(username=user.email).count() == 2
    assert AccessLog.objects.filter(username=user.email).count() == 1


def test_behind_a_declared_proxy_the_address_the_proxy_appended_counts(client, user, settings):
    forwarded = {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 192.0.2.7"}
    fail(client, user.email, 1, **forwarded)
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"
    settings.BEHIND_PROXY = True
    fail(client, user.email, 1, **forwarded)
    assert AccessAttempt.objects.filter(ip_address="192.0.2.7").exists()


def test_logins_from_code_without_a_request_still_work(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    assert is_logged_in(client)
