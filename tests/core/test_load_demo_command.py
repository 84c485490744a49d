"""`pilote load_demo` creates a national administrator with a published password: it refuses to
run with DEBUG off unless forced."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pilote.acteurs.demo import DEMO_PASSWORD
from pilote.comptes.models import User


def test_it_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force-without-debug") as refusal:
        call_command("load_demo")
    assert "administrateur national" in str(refusal.value)
    assert DEMO_PASSWORD in str(refusal.value)
    assert not User.objects.exists()


def test_it_runs_without_debug_when_forced(reference, settings, tmp_path):
    settings.DEBUG = False
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", "--force-without-debug", stdout=out)
    assert "Jeu de démonstration chargé." in out.getvalue()
    admin = User.objects.get(email="admin-national@demo.pilote.fr")
    assert admin.check_password(DEMO_PASSWORD)
