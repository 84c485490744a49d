from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContratsConfig(AppConfig):
    name = "pilote.contrats"
    verbose_name = _("Contrats (CPOM)")
