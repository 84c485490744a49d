"""One JSON line per request (logger `pilote.requests`, written on stdout in production)."""

import json
import logging

import pytest
from django.conf import settings

from pilote.comptes.models import Role


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def request_lines():
    handler = Lines()
    logger = logging.getLogger("pilote.requests")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def test_a_request_writes_one_line(client, db, request_lines):
    client.get("/tableau-de-bord/")
    [line] = request_lines
    entry = json.loads(line)
    assert entry["method"] == "GET"
    assert entry["path"] == "/tableau-de-bord/"
    assert entry["status"] == 200
    assert entry["user"] == "-"
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] > 0
    assert entry["time"].endswith("+00:00")


def test_the_line_names_the_user_and_the_status(client, world, request_lines):
    user = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(user)
    client.post("/portefeuille/nulle-part/")
    entry = json.loads(request_lines[-1])
    assert (entry["method"], entry["status"], entry["user"]) == ("POST", 404, str(user.pk))


def test_a_password_reset_token_is_masked(client, db, request_lines):
    client.get("/comptes/mot-de-passe/nouveau/MQ/cm0yd5-0123456789abcdef/")
    path = json.loads(request_lines[-1])["path"]
    assert path == "/comptes/mot-de-passe/nouveau/MQ/***/"


def test_the_lines_go_to_stdout_without_decoration():
    handler = settings.LOGGING["handlers"]["requests"]
    assert handler["stream"] == "ext://sys.stdout"
    assert settings.LOGGING["formatters"][handler["formatter"]] == {"format": "%(message)s"}
    assert settings.LOGGING["loggers"]["pilote.requests"]["propagate"] is False
