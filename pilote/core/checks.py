"""Checks of `pilote check --deploy` beyond Django's own."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Links in e-mails must lead users to the real site, over HTTPS."""
    site_url = settings.PILOTE_SITE_URL
    parts = urlsplit(site_url)
    if parts.scheme != "https" or parts.hostname in ("127.0.0.1", "localhost"):
        return [
            Warning(
                f"PILOTE_SITE_URL is {site_url!r}: links in e-mails would not lead users to "
                "this site over HTTPS.",
                hint="Set PILOTE_SITE_URL to the address users open Pilote at, e.g. "
                "https://pilote.sante.gouv.fr.",
                id="pilote.W001",
            )
        ]
    return []
