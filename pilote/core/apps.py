from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as StaticFilesConfig_
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pilote.core"
    verbose_name = _("Socle de l'application")

    def ready(self):
        from pilote.core import checks  # noqa: F401 - registers the deployment checks


class StaticFilesConfig(StaticFilesConfig_):
    """`collectstatic` leaves out what no page loads: source maps, READMEs and DSFR's per-component
    copies of what its bundled stylesheet and script already hold. Fewer files to hash and
    compress (gzip and brotli): the build takes a fraction of the time."""

    ignore_patterns = [
        *StaticFilesConfig_.ignore_patterns,
        "*.map",
        "*.md",
        "dsfr/dist/analytics",
        "dsfr/dist/component",
        "dsfr/dist/core",
        "dsfr/dist/layout",
        "dsfr/dist/legacy",
        "dsfr/dist/scheme",
        "dsfr/dist/dsfr.*",
        "dsfr/dist/artwork/pictograms",
    ]
