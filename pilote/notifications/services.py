"""Sending the e-mails (after the commit of the change they announce), the deadline reminders,
and each user's choice of what they receive."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.history import attribute, save_with_history
from pilote.indicateurs.models import Campaign, ReportStatus
from pilote.notifications import perms, recipients
from pilote.notifications.models import Kind, OptOut, ReminderSent
from pilote.notifications.tasks import send_emails

REMINDER_DAYS = (7, 1)  # days before a campaign's deadline


def absolute_url(path: str) -> str:
    """Links in e-mails: PILOTE_SITE_URL (the address users open Pilote at) + path."""
    base = getattr(settings, "PILOTE_SITE_URL", "http://127.0.0.1:8000")
    return base.rstrip("/") + path


def notify(
    kind: str,
    users,
    *,
    subject: str,
    template: str,
    context: dict,
    actor=None,
    reminders: list[int] | None = None,
) -> list:
    """Write to `users` (one e-mail each) about `kind`, once the current transaction commits;
    not to `actor` (nobody is told of their own action), nor to those who opted out of `kind`,
    nor to inactive accounts. Returns the users written to. `reminders`: the ReminderSent ids
    these e-mails stand for, forgotten by the worker if the mail server fails."""
    users = {u.pk: u for u in users if u.is_active and u.email}
    if actor is not None:
        users.pop(getattr(actor, "pk", None), None)
    muted = set(
        OptOut.objects.filter(kind=kind, user__in=list(users)).values_list("user_id", flat=True)
    )
    to = [u for pk, u in sorted(users.items()) if pk not in muted]
    if not to:
        return []
    base = {"preferences_url": absolute_url(reverse("notifications:preferences"))}
    messages = [
        {
            "subject": _("Pilote : %s") % subject,
            "body": render_to_string(
                f"notifications/email/{template}.txt", {**base, **context, "user": user}
            ),
            "to": [user.email],
        }
        for user in to
    ]
    enqueue_after_commit(messages, reminders=reminders)
    return to


def mail_addresses(addresses, *, subject: str, template: str, context: dict, documents=()) -> int:
    """Write to people who may have no account ((name, e-mail) pairs: the representatives of
    a body's seats), with `documents` attached ([name, id] of `documents.DOCUMENTS`), once
    the current transaction commits. Not a notification one opts out of: an official
    convocation. Returns the number of e-mails."""
    messages = [
        {
            "subject": _("Pilote : %s") % subject,
            "body": render_to_string(
                f"notifications/email/{template}.txt", {**context, "name": name}
            ),
            "to": [email],
        }
        for name, email in addresses
    ]
    if messages:
        enqueue_after_commit(messages, documents=[list(d) for d in documents])
    return len(messages)


def enqueue_after_commit(
    messages: list[dict], *, documents: list | None = None, reminders: list[int] | None = None
) -> None:
    # sent by the worker once the change is committed: a step rolled back sends nothing, and a
    # mail server that fails is logged there, never turned into an error page for a change
    # that was made
    transaction.on_commit(lambda: _enqueue(messages, documents, reminders), robust=True)


def _enqueue(messages: list[dict], documents: list | None, reminders: list[int] | None) -> None:
    extra = {}
    if documents:
        extra["documents"] = documents
    if reminders:
        extra["reminders"] = reminders
    send_emails.enqueue(messages, **extra)


@transaction.atomic
def set_preferences(*, acting_user, user, enabled) -> list[str]:
    """Receive exactly the kinds in `enabled`; returns the kinds that changed."""
    if not perms.can_edit_preferences(acting_user, user):
        raise PermissionDenied(_("Chacun choisit seul les courriels qu'il reçoit."))
    enabled = set(enabled)
    existing = {o.kind: o for o in OptOut.objects.filter(user=user)}
    changed = []
    for kind in Kind.values:
        if kind in enabled and kind in existing:
            attribute(existing[kind], acting_user)
            existing[kind].delete()
            changed.append(kind)
        elif kind not in enabled and kind not in existing:
            save_with_history(
                OptOut(user=user, kind=kind), acting_user=acting_user, reason=_("Préférences")
            )
            changed.append(kind)
    return changed


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind those who may enter a report not yet submitted, 7 days then 1 day before its
    campaign's deadline (the closest reminder only, when the command missed a day). Each
    reminder is recorded: a second run sends nothing — unless the mail server refused it, in
    which case the worker forgets the record and the next run sends it again. Returns the
    number of e-mails handed to the worker."""
    today = today or datetime.date.today()
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    count = 0
    campaigns = Campaign.objects.open().filter(
        opens_on__lte=today, deadline__range=(today, horizon)
    )
    for campaign in campaigns.select_related("dataset"):
        days_left = (campaign.deadline - today).days
        threshold = min(d for d in REMINDER_DAYS if d >= days_left)
        late = campaign.reports.filter(status=ReportStatus.OPEN).select_related(
            "campaign", "region", "organisation"
        )
        already = set(
            ReminderSent.objects.filter(campaign=campaign, days_before=threshold).values_list(
                "user_id", flat=True
            )
        )
        for user, reports in recipients.report_enterers(late).items():
            if user.pk in already:
                continue
            with transaction.atomic():
                reminder = ReminderSent.objects.create(
                    campaign=campaign, user=user, days_before=threshold, sent_on=today
                )
                sent = notify(
                    Kind.CAMPAIGN_REMINDER,
                    [user],
                    subject=_("plus que %(n)d jour(s) pour la campagne %(c)s")
                    % {"n": days_left, "c": campaign.name},
                    template="campaign_reminder",
                    context={
                        "campaign": campaign,
                        "days_left": days_left,
                        "reports": [(r, report_url(r)) for r in reports],
                    },
                    reminders=[reminder.pk],
                )
                if sent:
                    count += 1
                else:
                    reminder.delete()
    return count


def report_url(report) -> str:
    return absolute_url(reverse("indicateurs:report", args=[report.pk]))
