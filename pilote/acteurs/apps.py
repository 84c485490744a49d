from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActeursConfig(AppConfig):
    name = "pilote.acteurs"
    verbose_name = _("Acteurs")
