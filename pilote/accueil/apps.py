from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccueilConfig(AppConfig):
    """The pages that draw on every domain app: the public home page, each user's home with
    their to-do list, the region page, and the demo loader that runs each app's own demo."""

    name = "pilote.accueil"
    verbose_name = _("Accueil")
