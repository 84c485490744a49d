"""A user's request that writes while a long transaction holds the database (an import job):
on SQLite only one transaction writes at a time, and past SQLite's default 5 seconds of waiting
the login's session save failed as « Requête invalide ». It now waits (30 s at most); on
PostgreSQL the two never block each other. Real threads, each with its own connection."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from pilote.acteurs.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HELD_SECONDS = 10  # twice SQLite's default busy timeout: a slow login still waits past it


def test_a_login_waits_for_a_long_write_instead_of_failing(client):
    user = UserFactory()
    organisation = OrganisationFactory()
    held = threading.Event()
    failures = []

    def long_write():
        try:
            with transaction.atomic():
                Organisation.objects.filter(pk=organisation.pk).update(name="Import en cours")
                held.set()
                time.sleep(HELD_SECONDS)
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            failures.append(exc)
        finally:
            held.set()
            connection.close()

    writer = threading.Thread(target=long_write)
    writer.start()
    assert held.wait(10)
    response = client.post(
        reverse("comptes:login"), {"username": user.email, "password": "mot-de-passe-test"}
    )
    writer.join(timeout=60)
    assert failures == []
    assert response.status_code == 302, response.status_code
    assert client.session.get("_auth_user_id") == str(user.pk)
    assert Organisation.objects.get(pk=organisation.pk).name == "Import en cours"
