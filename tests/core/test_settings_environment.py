"""Production settings read from the environment: e-mail, administrators, proxy, sessions,
login throttling. Each case imports the settings module in a fresh interpreter."""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.test import Client, override_settings
from django.urls import path

import pilote.urls


def production_settings(tmp_path, names, **env):
    """The values of `names` in pilote.settings.base under PILOTE_DEBUG=0 plus `env`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PILOTE_", "EMAIL_"))}
    base.update({"SECRET_KEY": "x" * 50, "PILOTE_VAR_DIR": str(tmp_path), "PILOTE_DEBUG": "0"})
    base.update(env)
    code = (
        "import json, pilote.settings.base as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=base, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise AssertionError(result.stderr)
    return json.loads(result.stdout)


def test_smtp_is_configured_from_the_environment(tmp_path):
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER"]
    names += ["EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL"]
    names += ["DEFAULT_FROM_EMAIL", "SERVER_EMAIL"]
    values = production_settings(
        tmp_path,
        names,
        EMAIL_HOST="smtp.sante.gouv.fr",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="pilote",
        EMAIL_HOST_PASSWORD="s3cret",
        EMAIL_USE_TLS="1",
        PILOTE_DEFAULT_FROM_EMAIL="pilote@ars.sante.fr",
        PILOTE_SERVER_EMAIL="erreurs@ars.sante.fr",
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.sante.gouv.fr",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "pilote",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "pilote@ars.sante.fr",
        "SERVER_EMAIL": "erreurs@ars.sante.fr",
    }


def test_the_demo_prints_e_mails_unless_a_server_is_set(tmp_path):
    assert production_settings(tmp_path, ["EMAIL_BACKEND"], PILOTE_DEBUG="1") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    assert production_settings(
        tmp_path, ["EMAIL_BACKEND"], PILOTE_DEBUG="1", EMAIL_HOST="smtp.example.fr"
    ) == {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}


@pytest.mark.parametrize(
    "env, message",
    [
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "cannot both be on"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        ({"PILOTE_ADMINS": "Équipe Pilote"}, "PILOTE_ADMINS"),
        ({"PILOTE_LOGIN_FAILURE_LIMIT": "0"}, "PILOTE_LOGIN_FAILURE_LIMIT"),
        ({"PILOTE_SESSION_IDLE_MINUTES": "deux heures"}, "PILOTE_SESSION_IDLE_MINUTES"),
    ],
)
def test_a_bad_value_stops_start_up(tmp_path, env, message):
    with pytest.raises(AssertionError, match=message):
        production_settings(tmp_path, ["DEBUG"], **env)


def test_administrators_are_read_from_the_environment(tmp_path):
    values = production_settings(
        tmp_path, ["ADMINS"], PILOTE_ADMINS="Équipe Pilote <pilote@sante.gouv.fr>, dev@ars.fr"
    )
    assert values == {
        "ADMINS": [["Équipe Pilote", "pilote@sante.gouv.fr"], ["dev@ars.fr", "dev@ars.fr"]]
    }


def test_the_https_header_of_a_proxy_is_trusted_only_when_a_proxy_is_declared(tmp_path):
    assert production_settings(tmp_path, ["SECURE_PROXY_SSL_HEADER"]) == {
        "SECURE_PROXY_SSL_HEADER": None
    }
    assert production_settings(tmp_path, ["SECURE_PROXY_SSL_HEADER"], PILOTE_BEHIND_PROXY="1") == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]
    }


def test_a_client_cannot_claim_https_without_a_proxy(client, settings, db):
    settings.SECURE_PROXY_SSL_HEADER = None
    secure = client.get("/api/v1/health", HTTP_X_FORWARDED_PROTO="https").wsgi_request
    assert not secure.is_secure()
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = client.get("/api/v1/health", HTTP_X_FORWARDED_PROTO="https").wsgi_request
    assert proxied.is_secure()


def test_sessions_and_throttling_have_safe_defaults_and_are_configurable(tmp_path):
    names = ["SESSION_COOKIE_AGE", "SESSION_IDLE_TIMEOUT", "SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    names += ["AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME"]
    assert production_settings(tmp_path, names) == {
        "SESSION_COOKIE_AGE": 8 * 3600,
        "SESSION_IDLE_TIMEOUT": 2 * 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": "0:15:00",
    }
    assert production_settings(
        tmp_path,
        names,
        PILOTE_SESSION_MAX_HOURS="10",
        PILOTE_SESSION_IDLE_MINUTES="30",
        PILOTE_SESSION_EXPIRE_AT_BROWSER_CLOSE="0",
        PILOTE_LOGIN_FAILURE_LIMIT="10",
        PILOTE_LOGIN_LOCKOUT_MINUTES="60",
    ) == {
        "SESSION_COOKIE_AGE": 10 * 3600,
        "SESSION_IDLE_TIMEOUT": 30 * 60,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": False,
        "AXES_FAILURE_LIMIT": 10,
        "AXES_COOLOFF_TIME": "1:00:00",
    }


@login_not_required
def _broken_view(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("panne/", _broken_view), *pilote.urls.urlpatterns]


@override_settings(
    DEBUG=False,
    ADMINS=[("Équipe Pilote", "pilote@sante.gouv.fr")],
    ROOT_URLCONF=__name__,
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def test_an_error_in_production_is_mailed_to_the_administrators(db):
    response = Client(raise_request_exception=False).get("/panne/")
    assert response.status_code == 500
    [message] = mail.outbox
    assert message.to == ["pilote@sante.gouv.fr"]
    assert message.subject.startswith("[Pilote] ERROR")
    assert "panne simulée" in message.body
