"""Only national administrators reach the audit search; everyone else gets a 404."""

import pytest
from django.urls import reverse

from pilote.audit.perms import can_search_audit
from pilote.comptes.models import Role

ROLES = list(Role)  # every role, national and regional
URLS = ["audit:search", "audit:export_csv", "audit:export_xlsx"]


def accounts(world, role):
    """The account holding `role`: one national, or one in each region."""
    if role == Role.NATIONAL_ADMIN:
        return [world.national_admin]
    if role == Role.NATIONAL_READER:
        return [world.national_reader]
    return [world.bfc.users[role], world.ara.users[role]]


@pytest.mark.parametrize("role", ROLES)
def test_only_national_administrators_reach_the_page_and_its_exports(client, world, role):
    for user in accounts(world, role):
        client.force_login(user)
        allowed = role == Role.NATIONAL_ADMIN
        assert can_search_audit(user) == allowed
        for url in URLS:
            response = client.get(reverse(url), {"region": world.bfc.region.code})
            assert response.status_code == (200 if allowed else 404), (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_links_the_page_for_national_administrators_only(client, world, role):
    user = accounts(world, role)[0]
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("audit:search")}"' in html) == (role == Role.NATIONAL_ADMIN)


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_login(client, world, url):
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("comptes:login"))


def test_a_deactivated_national_administrator_gets_404(client, world):
    membership = world.national_admin.memberships.get()
    membership.is_active = False
    membership.save()
    client.force_login(world.national_admin)
    assert client.get(reverse("audit:search")).status_code == 404
