"""Pilote settings, read from the environment (see docs/dev/settings.md).

Configured: PILOTE_DEBUG, SECRET_KEY, DATABASE_URL, PILOTE_ALLOWED_HOSTS, PILOTE_SECURE_COOKIES,
PILOTE_SSL_REDIRECT, PILOTE_BEHIND_PROXY, PILOTE_EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT,
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL, PILOTE_DEFAULT_FROM_EMAIL,
PILOTE_SERVER_EMAIL, PILOTE_EMAIL_FILE_PATH, PILOTE_ADMINS, PILOTE_SESSION_IDLE_MINUTES,
PILOTE_SESSION_MAX_HOURS, PILOTE_SESSION_EXPIRE_AT_BROWSER_CLOSE, PILOTE_LOGIN_FAILURE_LIMIT,
PILOTE_LOGIN_LOCKOUT_MINUTES,
PILOTE_VAR_DIR, PILOTE_BACKGROUND_BYTES, PILOTE_BACKGROUND_LINES, PILOTE_JOBS_WAIT_WARNING,
PILOTE_JOBS_DIR, PILOTE_SITE_URL, PILOTE_HSTS_SECONDS, PILOTE_HSTS_PRELOAD, PILOTE_STORAGE (and
PILOTE_S3_*: see storage.py), PILOTE_REPLICA_URL, PILOTE_PUBLIC_CACHE_SECONDS,
PILOTE_PUBLIC_CACHE_ENTRIES.
The application server (gunicorn) reads its own: see pilote/core/gunicorn_conf.py.
Computed: everything else.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from pilote.settings.env import env_addresses, env_bool, env_int, env_list, env_str, env_url
from pilote.settings.storage import default_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("PILOTE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("PILOTE_DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment; in debug mode, a key generated once under var/."""
    key = os.getenv("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when PILOTE_DEBUG is off")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "PILOTE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "pilote.core.staticfiles.StaticFilesConfig",  # django.contrib.staticfiles, fewer files
    "django.contrib.humanize",
    "widget_tweaks",
    "dsfr",
    "django_htmx",
    "simple_history",
    "axes",
    "ninja",  # serves Swagger UI from its own static files, not from a CDN
    "pilote.core",
    "pilote.territoires",
    "pilote.acteurs",
    "pilote.comptes",
    "pilote.cadre",
    "pilote.portefeuille",
    "pilote.indicateurs",
    "pilote.financement",
    "pilote.contrats",
    "pilote.gouvernance",
    "pilote.cooperation",
    "pilote.audit",
    "pilote.enquete",
    "pilote.accueil",
    "pilote.notifications",
    "django_tasks",
    "django_tasks_db",
    "pilote.taches",
]

MIDDLEWARE = [
    # First: one log line per request, whatever answers it (pilote.core.request_log).
    "pilote.core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files served by the application, compressed, with hashed names (WhiteNoise).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The header's count of tasks is kept a minute in the session; a change drops it.
    "pilote.accueil.todo.TodoBadgeMiddleware",
    # A database outage or a full disk: a French 503, not a 500 (pilote.core.unavailable).
    "pilote.core.unavailable.OutageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "pilote.comptes.middleware.SessionTimeoutMiddleware",
    "pilote.comptes.middleware.LoginRequiredMiddleware",
    # Last, as django-axes requires: turns a lock-out into the login page with its explanation.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pilote.urls"
WSGI_APPLICATION = "pilote.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pilote" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pilote.core.context_processors.site_config",
                "pilote.comptes.context_processors.current_access",
                "pilote.accueil.context_processors.todo",
                "pilote.financement.context_processors.funding",
                "pilote.enquete.context_processors.survey",
            ],
        },
    },
]
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pilote.sqlite3'}"),
        conn_max_age=60,
        # a kept connection is checked before a request reuses it: after a database restart
        # the first request reconnects instead of failing
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        ),
        "transaction_mode": "IMMEDIATE",
        # one transaction writes at a time: a user's save (a session included) waits for a long
        # one (an import job) up to 30 s instead of SQLite's 5, which turned it into « Requête
        # invalide »; gunicorn's own timeout is 120 s
        "timeout": 30,
    }
    # Tests use a file, as production does: an in-memory database shared between threads
    # answers "table is locked" at once instead of waiting for the other writer.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-pilote.sqlite3")}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A read replica for the public pages (pilote.core.replica): optional.
if env_str("PILOTE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("PILOTE_REPLICA_URL"), conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["pilote.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: this process's memory. `public` keeps the anonymous responses of the public pages,
# keyed on a publication stamp read from the database (pilote.core.public_cache): each process
# is correct on its own, so several web processes and machines need no shared cache.
# PILOTE_PUBLIC_CACHE_SECONDS bounds an entry's life (0: no cache); _ENTRIES, their number.
PILOTE_PUBLIC_CACHE_SECONDS = env_int("PILOTE_PUBLIC_CACHE_SECONDS", 600, minimum=0)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},  # Django's own
    "public": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pilote-public",
        "TIMEOUT": PILOTE_PUBLIC_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": env_int("PILOTE_PUBLIC_CACHE_ENTRIES", 200, minimum=1)},
    },
}

AUTH_USER_MODEL = "comptes.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt of a locked-out account and address (django-axes).
    "pilote.comptes.backends.LoginThrottleBackend",
    "pilote.comptes.backends.PiloteBackend",
]
LOGIN_URL = "comptes:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "comptes:login"

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failures for the same e-mail from the
# same address, that pair is locked out for LOGIN_LOCKOUT_MINUTES after the last failure.
LOGIN_FAILURE_LIMIT = env_int("PILOTE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("PILOTE_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the announced delay stays true
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False  # lock-outs are lifted on /comptes/connexions/, which records it
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_CALLABLE = "pilote.comptes.throttling.login_email"
AXES_CLIENT_IP_CALLABLE = "pilote.comptes.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "pilote.comptes.throttling.lockout_response"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "pilote" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "pilote" / "static"]
# Production serves `collectstatic`'s output through WhiteNoise: compressed (gzip, brotli) with
# hashed names cached for a year. Debug mode (development, the test suite) reads the source
# folders and needs no collectstatic.
STORAGES = {
    # uploaded files: this machine's disk, or S3-compatible object storage (PILOTE_STORAGE)
    "default": default_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "pilote.core.staticfiles.StaticFilesStorage"
    },
}
# DSFR's 2,000 small SVG icons gain little from compression and would take most of the build.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "svg"]
# Debug mode: WhiteNoise reads the source folders (through the finders) on each request.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# The manifest storage rewrites the url() references inside DSFR's CSS, so its published
# integrity hashes no longer match; the files come from our own origin, with hashed names.
DSFR_USE_INTEGRITY_CHECKSUMS = False

# Security: secure cookies unless explicitly served over plain HTTP (the local demo).
SECURE_COOKIES = env_bool("PILOTE_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# django-dsfr renders alert contents (the flash messages among them) as HTML by default: a
# message quoting what a user typed would then run it. Pilote's messages are plain text.
DSFR_CONTENT_IS_SAFE = False
# Production is served over HTTPS: HTTP redirected (except the probes of the load balancer) and
# HSTS for a year (Django sends it on HTTPS responses only). PILOTE_SECURE_COOKIES=0 (the local
# demo over plain HTTP) turns the redirect off by default too.
SECURE_SSL_REDIRECT = env_bool("PILOTE_SSL_REDIRECT", SECURE_COOKIES)
SECURE_REDIRECT_EXEMPT = [r"^api/v1/(health|ready)$"]
SECURE_HSTS_SECONDS = env_int("PILOTE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Asking browsers' preload lists to carry the domain is a decision of the domain's owner;
# check --deploy's reminder (security.W021) is silenced while it has not been taken.
SECURE_HSTS_PRELOAD = env_bool("PILOTE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Only a reverse proxy that sets X-Forwarded-Proto (and appends X-Forwarded-For) may be trusted
# to say the request came over HTTPS; without one, any client could claim it.
BEHIND_PROXY = env_bool("PILOTE_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Sessions: logged out after SESSION_IDLE_TIMEOUT without a request, SESSION_COOKIE_AGE after the
# login whatever happens, and when the browser closes (unless turned off).
SESSION_COOKIE_AGE = env_int("PILOTE_SESSION_MAX_HOURS", 8, minimum=1) * 60 * 60
SESSION_IDLE_TIMEOUT = env_int("PILOTE_SESSION_IDLE_MINUTES", 120, minimum=1) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("PILOTE_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Content-Security-Policy (django-csp): scripts from Pilote's own static files only, never
# inline nor eval'd (vega charts run through vega-interpreter). Inline styles stay allowed:
# DSFR's scripts and vega's SVG set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The address users open Pilote at: absolute links in e-mails start with it.
PILOTE_SITE_URL = env_url("PILOTE_SITE_URL", "http://127.0.0.1:8000")

# E-mail: SMTP when EMAIL_HOST is set; otherwise the console in debug mode and a local MTA
# (localhost:25) in production.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = env_str(
    "PILOTE_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not os.getenv("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
# The file-based backend (django.core.mail.backends.filebased.EmailBackend) writes here: the
# browser tests against gunicorn read what the server sent (tests/browser/servers.py).
EMAIL_FILE_PATH = env_str("PILOTE_EMAIL_FILE_PATH", str(VAR_DIR / "courriels"))
DEFAULT_FROM_EMAIL = env_str("PILOTE_DEFAULT_FROM_EMAIL", "pilote@sante.gouv.fr")
SERVER_EMAIL = env_str("PILOTE_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Pilote] "
# Who receives the errors (500) of production: PILOTE_ADMINS="Nom <a@b.fr>,c@d.fr".
ADMINS = env_addresses("PILOTE_ADMINS")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"bare": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # One JSON line per request on stdout (pilote.core.request_log).
        "requests": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "bare",
        },
        # Errors of production (500s) by e-mail to ADMINS, without the request's data.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "WARNING"},
        # 4xx are in the request lines already; 5xx still reach the console and ADMINS.
        "django.request": {"level": "ERROR"},
        "pilote.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}

PILOTE_PAGE_SIZE = 50
# The header's count of tasks is kept this long in the session (pilote.accueil.todo).
PILOTE_TASK_COUNT_SECONDS = env_int("PILOTE_TASK_COUNT_SECONDS", 60, minimum=0)

MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"  # served by a view that checks access, never as static files
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Background jobs (docs/dev/jobs.md): Django's tasks API (django-tasks) with its database
# backend, run by `pilote worker`. Imports of files above either threshold run in the worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PILOTE_JOBS_DIR = Path(env_str("PILOTE_JOBS_DIR", str(VAR_DIR / "taches")))  # live progress
PILOTE_BACKGROUND_BYTES = env_int("PILOTE_BACKGROUND_BYTES", 1024 * 1024, minimum=0)
PILOTE_BACKGROUND_LINES = env_int("PILOTE_BACKGROUND_LINES", 5000, minimum=0)
# After this many seconds « en attente », the job page says that no worker seems to run.
PILOTE_JOBS_WAIT_WARNING = env_int("PILOTE_JOBS_WAIT_WARNING", 120, minimum=1)
