from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """E-mails sent after the domain services' steps (reports, gates, campaigns) and the
    deadline reminders; each user's opt-outs. Listens to the signals the domain apps send."""

    name = "pilote.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from pilote.notifications import governance, receivers, survey  # noqa: F401 — receivers
