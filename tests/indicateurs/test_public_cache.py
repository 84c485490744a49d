"""The cache of the anonymous public pages (pilote.core.public_cache): never stale — an
acceptance shows on the next request —, a hit returns the same bytes for one query (the
publication stamp), logged-in users and other periods never get another's page, and the stamp
covers every table the public pages read."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from pilote.comptes.models import Role
from pilote.core import public_cache
from pilote.indicateurs import urls_public
from pilote.portefeuille import urls_public as catalogue_urls
from tests.reporting import open_semester, submitted, validate_and_accept


def get(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return response, len(queries)


@pytest.fixture
def semester(transactional_db, world, indicators):
    """2026S1 open for both regions, BFC's report accepted: 10 establishments of 40 connected
    to the secure messaging (25 %)."""
    campaign = open_semester(world, "2026S1")
    report = submitted(world.bfc, campaign, ES_TOTAL="40", MSS_ES_CONNECTES="10")
    validate_and_accept(world.bfc, world.national_admin, report)
    return campaign


def value_of(client, region) -> float | None:
    rows = client.get(reverse("dashboard:data_json"), {"periode": "2026S1"}).json()["donnees"]
    (row,) = [
        r for r in rows if r["region_code"] == region.code and r["indicateur_code"] == "IND_MSS_ES"
    ]
    return row["valeur"]


def test_an_acceptance_shows_on_the_next_request(client, world, semester):
    national = reverse("dashboard:national")
    first = client.get(national, {"periode": "2026S1"}).content.decode()
    assert "25,0 %" in first and "50,0 %" not in first
    assert get(client, national, periode="2026S1")[1] == 1  # now served from the cache
    assert value_of(client, world.ara.region) is None
    assert get(client, reverse("dashboard:data_json"), periode="2026S1")[1] == 1
    # ARA's report accepted through the services: the roll-ups and the coverage change
    report = submitted(world.ara, semester, ES_TOTAL="40", MSS_ES_CONNECTES="30")
    validate_and_accept(world.ara, world.national_admin, report)
    assert "50,0 %" in client.get(national, {"periode": "2026S1"}).content.decode()
    assert value_of(client, world.ara.region) == 75.0


def test_a_hit_returns_the_same_bytes_for_the_stamp_query_only(client, world, semester):
    urls = [
        reverse("dashboard:national"),
        reverse("dashboard:region", args=[world.bfc.region.code]),
        reverse("dashboard:data_json"),
        reverse("dashboard:data_csv"),
        reverse("dashboard:data_xlsx"),
        reverse("dashboard:schema"),
        reverse("dashboard:region_chart", args=[world.bfc.region.code, "IND_MSS_ES"]),
        reverse("catalogue:index"),
    ]
    for url in urls:
        miss, spent = get(client, url, periode="2026S1")
        hit, queries = get(client, url, periode="2026S1")
        assert spent >= queries == 1, url
        assert hit.status_code == 200
        assert hit.content == miss.content, url
        assert dict(hit.headers) == dict(miss.headers), url
        assert not hit.cookies


def test_a_change_of_the_catalogue_shows_on_the_next_request(client, world, semester):
    from pilote.portefeuille.models import DigitalService
    from pilote.portefeuille.services import save_catalogue_entry

    url = reverse("catalogue:region", args=[world.bfc.region.code])
    assert "Télésanté BFC" not in client.get(url).content.decode()
    assert get(client, url)[1] == 1
    entry = DigitalService(region=world.bfc.region, name="Télésanté BFC", operator=world.bfc.grades)
    save_catalogue_entry(acting_user=world.bfc.users[Role.ARS_OFFICER], entry=entry)
    assert "Télésanté BFC" in client.get(url).content.decode()
    index = client.get(reverse("catalogue:index")).content.decode()
    assert "— 1 service<" in index


def test_logged_in_users_are_never_served_nor_stored(client, world, semester):
    url = reverse("dashboard:national")
    assert "Se connecter" in client.get(url).content.decode()
    client.force_login(world.bfc.users[Role.ARS_READER])
    page, queries = get(client, url)
    assert "Se déconnecter" in page.content.decode() and queries > 1
    client.logout()
    page, queries = get(client, url)
    assert "Se déconnecter" not in page.content.decode() and queries == 1


def test_a_visitor_with_a_message_waiting_gets_it_and_nobody_else_does(client, semester):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    url = reverse("dashboard:national")
    client.get(url)  # cached
    message = Message(constants.INFO, "Vous êtes déconnecté.")
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode([message])
    page, queries = get(client, url)
    assert "Vous êtes déconnecté." in page.content.decode() and queries > 1
    page, queries = get(client, url)  # the message was shown: the cached page again
    assert "Vous êtes déconnecté." not in page.content.decode() and queries == 1


def test_each_period_and_each_url_has_its_own_entry_and_errors_are_not_kept(
    client, world, indicators, semester
):
    url = reverse("dashboard:national")
    client.get(url, {"periode": "2026S1"})
    other, queries = get(client, url, periode="2025S2")
    assert queries > 1
    assert "25,0 %" not in other.content.decode()
    assert get(client, url, periode="pas-une-periode")[0].status_code == 404
    missing, queries = get(client, url, periode="pas-une-periode")
    assert missing.status_code == 404 and queries > 1


def test_a_page_rendered_inside_a_transaction_is_neither_read_nor_kept(client, bfc_history):
    """A test's (or an atomic request's) own writes are uncommitted: the stamp does not count
    them yet."""
    url = reverse("dashboard:national")
    assert get(client, url)[1] > 1
    assert get(client, url)[1] > 1


def public_routes():
    for module in (urls_public, catalogue_urls):
        yield from (p for p in module.urlpatterns if isinstance(p, URLPattern))


def test_every_public_route_is_a_cached_public_page():
    for pattern in public_routes():
        assert getattr(pattern.callback, "public_page", False), pattern.name


# Tables the public pages read that the stamp does not watch, and why that is safe.
NOT_WATCHED = {
    # a value is published while its report is accepted (or through accepted_value, copied
    # when its report is unlocked): it changes only with its report's status, which is watched
    # (values.save_value and the imports refuse any report that is not open)
    "indicateurs_datavalue",
    # the stamp itself
    "core_publicationstamp",
}


def tables_read(client, url) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return {
        table
        for query in queries
        for table in re.findall(r'(?:FROM|JOIN)\s+"([a-z_0-9]+)"', query["sql"])
    }


def test_the_stamp_covers_every_table_the_public_pages_read(client, world, bfc_history):
    from pilote.portefeuille.models import DigitalService

    DigitalService.objects.create(region=world.bfc.region, name="ROR", operator=world.bfc.grades)
    code = world.bfc.region.code
    urls = [
        reverse("dashboard:national"),
        reverse("dashboard:region", args=[code]),
        reverse("dashboard:region_chart", args=[code, "IND_MSS_ES"]) + "?periode=2026S1",
        reverse("dashboard:data_csv"),
        reverse("dashboard:data_json"),
        reverse("dashboard:data_xlsx"),
        reverse("dashboard:schema"),
        reverse("catalogue:index"),
        reverse("catalogue:region", args=[code]),
    ]
    watched = {m._meta.db_table for m in public_cache.watched_models()}
    for model in public_cache.watched_models():
        watched |= {f.remote_field.through._meta.db_table for f in model._meta.many_to_many}
    read = set().union(*(tables_read(client, url) for url in urls))
    assert "indicateurs_regionaggregate" in read and "portefeuille_digitalservice" in read
    assert read - watched - NOT_WATCHED == set()
