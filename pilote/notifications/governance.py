"""Governance e-mails: the convocation of a meeting to its seats' representatives (with the
`.ics` invitation and the convocation PDF), and the adhesions' expiry announced to the ARS 90
then 30 days before (`pilote send_reminders`)."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pilote.gouvernance.models import Adhesion
from pilote.gouvernance.signals import convocation_sent, referral_step_done
from pilote.notifications import recipients
from pilote.notifications.models import AdhesionReminderSent, Kind
from pilote.notifications.services import absolute_url, mail_addresses, notify

ADHESION_REMINDER_DAYS = (90, 30)  # days before an adhesion act expires


@receiver(convocation_sent)
def send_convocation(sender, meeting, addresses, acting_user, **kwargs):
    mail_addresses(
        addresses,
        subject=_("convocation — %(body)s, %(day)s")
        % {
            "body": meeting.body,
            "day": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y"),
        },
        template="convocation",
        context={
            "meeting": meeting,
            "items": list(meeting.items.select_related("project")),
            "url": absolute_url(reverse("gouvernance:meeting", args=[meeting.pk])),
        },
        documents=[("convocation_ics", meeting.pk), ("convocation_pdf", meeting.pk)],
    )


# step → (subject, template) of the e-mail to the requester
TO_REQUESTER = {
    "forwarded": (_lazy("saisine transmise au comité d'éthique"), "referral_forwarded"),
    "rejected": (_lazy("saisine déclarée irrecevable"), "referral_rejected"),
    "answered": (_lazy("avis du comité d'éthique"), "referral_answered"),
}


@receiver(referral_step_done)
def referral_step(sender, referral, step, acting_user, **kwargs):
    url = absolute_url(reverse("gouvernance:referral", args=[referral.pk]))
    context = {"referral": referral, "url": url}
    if step == "submitted":
        notify(
            Kind.REFERRAL_TO_HANDLE,
            recipients.body_managers(referral.committee),
            subject=_("saisine du comité d'éthique à examiner — %s") % referral.title,
            template="referral_submitted",
            context=context,
            actor=acting_user,
        )
        return
    subject, template = TO_REQUESTER[step]
    notify(
        Kind.REFERRAL_PROGRESS,
        [referral.requester],
        subject=f"{subject} — {referral.title}",
        template=template,
        context=context,
        actor=acting_user,
    )
    if step == "forwarded":
        notify(
            Kind.REFERRAL_TO_HANDLE,
            recipients.committee_secretaries(referral),
            subject=_("saisine transmise au comité, avis à rendre — %s") % referral.title,
            template="referral_to_answer",
            context=context,
            actor=acting_user,
        )


def _superseded(adhesion: Adhesion) -> bool:
    """The organisation has signed a later act to the same charter: nothing to announce."""
    return (
        Adhesion.objects.filter(
            charter=adhesion.charter_id,
            organisation=adhesion.organisation_id,
            signed_on__gt=adhesion.signed_on,
            withdrawn_on__isnull=True,
        )
        .exclude(pk=adhesion.pk)
        .exists()
    )


def send_adhesion_reminders(today: datetime.date | None = None) -> int:
    """Announce to those who manage the body (the region's ARS officers) the adhesion acts
    that expire within 90 days, then within 30 (the closest only when a run was missed).
    Each announcement is recorded (`AdhesionReminderSent`): a second run sends nothing.
    Returns the number of e-mails."""
    today = today or datetime.date.today()
    horizon = today + datetime.timedelta(days=max(ADHESION_REMINDER_DAYS))
    due = (
        Adhesion.objects.in_force_on(today)
        .filter(expires_on__lte=horizon)
        .select_related("charter__body__region", "organisation")
        .order_by("expires_on", "pk")
    )
    per_user: dict = defaultdict(list)
    users = {}
    for adhesion in due:
        if _superseded(adhesion):
            continue
        days_left = (adhesion.expires_on - today).days
        threshold = min(d for d in ADHESION_REMINDER_DAYS if d >= days_left)
        already = set(
            AdhesionReminderSent.objects.filter(
                adhesion=adhesion, days_before=threshold
            ).values_list("user_id", flat=True)
        )
        for user in recipients.body_managers(adhesion.charter.body):
            if user.pk not in already:
                users[user.pk] = user
                per_user[user.pk].append((adhesion, days_left, threshold))
    count = 0
    for pk, rows in per_user.items():
        with transaction.atomic():
            sent = notify(
                Kind.ADHESION_EXPIRY,
                [users[pk]],
                subject=_("adhésions à la charte bientôt échues"),
                template="adhesion_expiry",
                context={
                    "rows": [
                        (
                            a,
                            days,
                            absolute_url(reverse("gouvernance:body", args=[a.charter.body_id])),
                        )
                        for a, days, _threshold in rows
                    ]
                },
            )
            if sent:
                for adhesion, _days, threshold in rows:
                    AdhesionReminderSent.objects.create(
                        adhesion=adhesion, user=users[pk], days_before=threshold, sent_on=today
                    )
                count += 1
    return count
