from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pilote.core"
    verbose_name = _("Socle de l'application")

    def ready(self):
        from pilote.core import checks  # noqa: F401 - registers the deployment checks
