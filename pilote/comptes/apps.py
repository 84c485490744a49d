from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComptesConfig(AppConfig):
    name = "pilote.comptes"
    verbose_name = _("Comptes et habilitations")

    def ready(self):
        from pilote.comptes import signals  # noqa: F401 — connects the receivers
