"""Sessions end after 2 hours without a request, 8 hours after the login, and with the browser."""

import time

import pytest
from django.urls import reverse

from pilote.comptes.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT
from tests.factories import UserFactory

PAGE = "comptes:tokens"


@pytest.fixture
def logged_in(client, db):
    client.force_login(UserFactory())
    return client


def move_clock(client, key, seconds_ago):
    session = client.session
    session[key] = time.time() - seconds_ago
    session.save()


def test_a_session_idle_for_more_than_two_hours_is_logged_out(logged_in):
    move_clock(logged_in, SESSION_SEEN_AT, 2 * 3600 + 5)
    response = logged_in.get(reverse(PAGE), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("comptes:login"))
    assert "Votre session a expiré" in response.content.decode()
    assert logged_in.get(reverse(PAGE)).status_code == 302


def test_a_session_active_for_more_than_eight_hours_is_logged_out(logged_in):
    move_clock(logged_in, SESSION_LOGIN_AT, 8 * 3600 + 5)
    move_clock(logged_in, SESSION_SEEN_AT, 60)
    assert logged_in.get(reverse(PAGE)).status_code == 302


def test_activity_keeps_a_session_open(logged_in):
    move_clock(logged_in, SESSION_SEEN_AT, 2 * 3600 - 60)
    assert logged_in.get(reverse(PAGE)).status_code == 200
    assert time.time() - logged_in.session[SESSION_SEEN_AT] < 5
    assert logged_in.get(reverse(PAGE)).status_code == 200


def test_the_idle_timeout_comes_from_the_settings(logged_in, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    move_clock(logged_in, SESSION_SEEN_AT, 601)
    assert logged_in.get(reverse(PAGE)).status_code == 302


def test_the_session_cookie_ends_with_the_browser(client, db):
    user = UserFactory()
    response = client.post(
        reverse("comptes:login"), {"username": user.email, "password": "mot-de-passe-test"}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert time.time() - client.session[SESSION_LOGIN_AT] < 5
