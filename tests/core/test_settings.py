import pytest
from django.core.exceptions import ImproperlyConfigured

from pilote.settings.env import env_bool, env_int


def test_a_bad_boolean_stops_start_up(monkeypatch):
    monkeypatch.setenv("PILOTE_X", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="PILOTE_X"):
        env_bool("PILOTE_X", False)


def test_booleans_and_integers_are_read(monkeypatch):
    monkeypatch.setenv("PILOTE_X", "Oui".replace("Oui", "yes"))
    monkeypatch.setenv("PILOTE_N", "12")
    assert env_bool("PILOTE_X", False) is True
    assert env_int("PILOTE_N", 3) == 12
    monkeypatch.setenv("PILOTE_N", "douze")
    with pytest.raises(ImproperlyConfigured):
        env_int("PILOTE_N", 3)


def test_production_settings_refuse_a_missing_secret_key(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "PILOTE_DEBUG")}
    env["PILOTE_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import pilote.settings.base"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_cookies_are_secure(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        k: v for k, v in os.environ.items() if k not in ("PILOTE_DEBUG", "PILOTE_SECURE_COOKIES")
    }
    env.update(SECRET_KEY="x" * 50, PILOTE_VAR_DIR=str(tmp_path))
    code = (
        "import pilote.settings.base as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True", "True"]
