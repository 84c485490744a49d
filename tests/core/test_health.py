"""Liveness (`/api/v1/health`, no database) and readiness (`/api/v1/ready`: database reachable,
migrations applied) probes: public, JSON."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from pilote.core import health


@pytest.fixture(autouse=True)
def forget_readiness(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_liveness_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_answers_once_every_migration_is_applied(client, db):
    response = client.get("/api/v1/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_readiness_is_cheap_once_ready(client, db, django_assert_max_num_queries):
    client.get("/api/v1/ready")
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/ready").status_code == 200


def test_readiness_refuses_while_a_migration_is_pending(client, db):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = %s AND name = %s",
            ["notifications", "0001_opt_outs_and_reminders"],
        )
    response = client.get("/api/v1/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "notifications.0001_opt_outs_and_reminders" in body["detail"]
    assert "à appliquer (pilote migrate)" in body["detail"]


def test_readiness_refuses_when_the_database_does_not_answer(tmp_path):
    """A real PostgreSQL address where nothing listens, in a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PILOTE_")}
    env.update(
        PILOTE_DEBUG="1",
        PILOTE_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://pilote@127.0.0.1:1/pilote",
    )
    code = (
        "import django, json; django.setup(); "
        "from pilote.core.health import readiness; print(json.dumps(readiness()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    status, body = json.loads(result.stdout.splitlines()[-1])
    assert status == 503
    assert body == {"status": "unavailable", "detail": "La base de données ne répond pas."}
    assert "127.0.0.1" not in result.stdout  # the reason goes to the log, not to the public


def test_the_probes_are_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/api/v1/health").status_code == 200
    assert client.get("/api/v1/ready").status_code == 200
    assert client.get("/tableau-de-bord/").status_code == 301
