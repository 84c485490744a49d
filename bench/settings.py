"""The production settings (DEBUG off), as the benchmarks request pages in-process through
Django's test client: plain HTTP (no redirect to HTTPS) and static files named from the source
folders rather than from `collectstatic`'s manifest (building it compresses every file: minutes
on 2 cores, for the same page rendering)."""

import warnings

from pilote.settings.base import *  # noqa: F403
from pilote.settings.base import STORAGES

SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The benchmarks print their own figures: the one-line-per-request log (pilote.core.request_log)
# would bury them under thousands of lines.
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "pilote.requests": {"handlers": ["requests"], "level": "WARNING", "propagate": False},
    },
}

# The benchmarks read static files from the source folders (above): WhiteNoise's warning that
# STATIC_ROOT (never collected in a benchmark's temporary folder) is missing says nothing.
warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
