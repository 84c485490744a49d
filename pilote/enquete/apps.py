from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnqueteConfig(AppConfig):
    name = "pilote.enquete"
    verbose_name = _("Enquête annuelle des opérateurs régionaux")
