from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancementConfig(AppConfig):
    name = "pilote.financement"
    verbose_name = _("Financement")

    def ready(self):
        from pilote.financement import receivers  # noqa: F401 — tranches follow acceptances
