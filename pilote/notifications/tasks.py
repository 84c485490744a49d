"""Sending e-mails in the worker: `services.notify` enqueues them once the change they announce
is committed; the worker hands them to the mail server (a failure is recorded on the task
result and logged, never shown to the user whose change was made)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_emails(
    messages: list[dict], documents: list | None = None, reminders: list[int] | None = None
) -> int:
    """Send `messages` ({"subject", "body", "to"}) through one connection, each with the
    `documents` attached ([name, id] pairs of `documents.DOCUMENTS`, built here, once, in the
    worker); returns how many. When the mail server fails, the `reminders` (ReminderSent ids)
    recorded for these messages are forgotten, so that the next daily run sends them again
    rather than never."""
    from pilote.notifications.documents import build

    attachments = [build(name, pk) for name, pk in documents or ()]
    emails = [
        EmailMessage(
            subject=m["subject"],
            body=m["body"],
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=m["to"],
            attachments=attachments,
        )
        for m in messages
    ]
    try:
        sent = get_connection().send_messages(emails)
    except Exception:
        if reminders:
            from pilote.notifications.models import ReminderSent

            ReminderSent.objects.filter(pk__in=reminders).delete()
        raise
    logger.info("notifications: %s courriel(s) envoyé(s)", sent)
    return sent or 0
