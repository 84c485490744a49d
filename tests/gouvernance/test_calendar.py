"""The subscribable calendar of a body: open to all for a public body; otherwise through the
session, or the user's secret address, which shows only the bodies that user reads."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from icalendar import Calendar

from pilote.comptes.models import Role
from pilote.gouvernance.models import Body, CalendarToken
from pilote.gouvernance.services_convocation import renew_calendar_token
from tests.gouvernance.conftest import convene


def feed(client, url):
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]


def test_a_public_body_feed_is_open_to_all_another_only_to_its_readers(
    client, world, cossis, officer
):
    convene(officer, cossis)
    url = reverse("gouvernance:body_feed", args=[cossis.pk])
    assert feed(client, url) == 404  # anonymous: not a login page a calendar cannot follow
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    assert feed(client, url) == 404
    client.force_login(world.ara.users[Role.BODY_MEMBER])
    assert feed(client, url) == ["COSSIS ARA — COSSIS de printemps"]
    Body.objects.filter(pk=cossis.pk).update(is_public=True)
    client.logout()
    assert feed(client, url) == ["COSSIS ARA — COSSIS de printemps"]


def test_the_secret_address_shows_what_its_owner_reads_and_dies_when_renewed(
    client, world, cossis, officer
):
    convene(officer, cossis)
    member = world.ara.users[Role.BODY_MEMBER]
    stranger = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(member)
    client.post(reverse("gouvernance:calendar_token"), {"instance": cossis.pk})
    key = CalendarToken.objects.get(user=member).key
    page = client.get(reverse("gouvernance:body", args=[cossis.pk])).content.decode()
    assert f"/gouvernance/agenda/{key}/instance-{cossis.pk}.ics" in page
    client.logout()
    url = reverse("gouvernance:token_feed", args=[key, cossis.pk])
    assert feed(client, url) == ["COSSIS ARA — COSSIS de printemps"]
    other_key = renew_calendar_token(acting_user=stranger, user=stranger).key
    assert feed(client, reverse("gouvernance:token_feed", args=[other_key, cossis.pk])) == 404
    assert feed(client, reverse("gouvernance:token_feed", args=["inconnu", cossis.pk])) == 404
    renew_calendar_token(acting_user=member, user=member)
    assert feed(client, url) == 404
    member.is_active = False
    member.save()
    new = CalendarToken.objects.get(user=member).key
    assert feed(client, reverse("gouvernance:token_feed", args=[new, cossis.pk])) == 404


def test_nobody_renews_another_users_address(world):
    for actor in (world.national_admin, world.ara.users[Role.ARS_OFFICER], None):
        with pytest.raises(PermissionDenied):
            renew_calendar_token(acting_user=actor, user=world.ara.users[Role.BODY_MEMBER])
    assert not CalendarToken.objects.exists()
