from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortefeuilleConfig(AppConfig):
    name = "pilote.portefeuille"
    verbose_name = _("Portefeuille régional")
