from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicateursConfig(AppConfig):
    name = "pilote.indicateurs"
    verbose_name = _("Indicateurs")
