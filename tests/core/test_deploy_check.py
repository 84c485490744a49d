"""`pilote check --deploy` passes with the production settings, and says what is missing."""

import os
import secrets
import subprocess
import sys

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "PILOTE_ALLOWED_HOSTS": "pilote.sante.gouv.fr",
    "PILOTE_SITE_URL": "https://pilote.sante.gouv.fr",
    "PILOTE_BEHIND_PROXY": "1",
    "DATABASE_URL": "postgres://pilote@127.0.0.1:5432/pilote",
}


def deploy_check(tmp_path, **env):
    # the test process's own settings stay out (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE)
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("PILOTE_", "EMAIL_", "DJANGO_"))
    }
    base.update(PRODUCTION, PILOTE_VAR_DIR=str(tmp_path), PILOTE_DEBUG="0")
    base.update(env)
    pilote = [sys.executable, "-m", "pilote.manage", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(pilote, env=base, capture_output=True, text=True, check=False)


def test_the_production_settings_pass_without_a_warning(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_plain_http_settings_are_reported(tmp_path):
    result = deploy_check(
        tmp_path,
        PILOTE_SECURE_COOKIES="0",
        PILOTE_HSTS_SECONDS="0",
        PILOTE_SITE_URL="http://127.0.0.1:8000",
    )
    assert result.returncode == 1
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr, check
    assert "pilote.W001" in result.stderr
