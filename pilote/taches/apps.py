from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TachesConfig(AppConfig):
    """Background jobs: the `Job` each user follows on "Mes tâches", run by the worker
    (`pilote worker`) through Django's tasks API (django-tasks and its database backend)."""

    name = "pilote.taches"
    verbose_name = _("Tâches")
