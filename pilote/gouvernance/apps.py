from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GouvernanceConfig(AppConfig):
    name = "pilote.gouvernance"
    verbose_name = _("Gouvernance et concertation")
