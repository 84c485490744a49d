"""The e-mails of the survey of regional operators: the invitation when the national
administrator sends it (`enquete.signals.campaign_invited`), and the reminders 7 days then
1 day before the campaign's deadline to those who have not answered yet (`send_reminders`).

The recipients: the GRADeS managers of the operators surveyed (every active GRADeS when the
campaign names none), for their grids; the ARS officers of those operators' regions, for
their questionnaire."""

import datetime

from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.acteurs.models import Organisation, OrganisationType
from pilote.comptes.models import Role
from pilote.enquete.models import Campaign, CampaignStatus, Grid, Questionnaire
from pilote.enquete.signals import campaign_invited
from pilote.notifications.models import Kind, SurveyReminderSent
from pilote.notifications.recipients import _members
from pilote.notifications.services import REMINDER_DAYS, absolute_url, notify


def _operators(campaign: Campaign):
    chosen = campaign.operators.all()
    if chosen.exists():
        return chosen
    return Organisation.objects.filter(type=OrganisationType.GRADES, is_active=True)


def respondents(campaign: Campaign, pending_only: bool = False) -> dict:
    """{user: "grille" | "questionnaire"} of those asked to answer (only those who have not
    answered yet with `pending_only`: a grid not transmitted for each year, no questionnaire
    transmitted)."""
    operators = list(_operators(campaign))
    out = {}
    for operator in operators:
        if pending_only:
            done = set(
                Grid.objects.filter(
                    campaign=campaign, operator=operator, submitted_at__isnull=False
                ).values_list("year", flat=True)
            )
            if done >= set(campaign.years):
                continue
        for user in _members([operator], [Role.GRADES_MANAGER]):
            out.setdefault(user, "grille")
    regions = {o.region_id for o in operators}
    if pending_only:
        answered = set(
            Questionnaire.objects.filter(campaign=campaign, submitted_at__isnull=False).values_list(
                "region_id", flat=True
            )
        )
        regions -= answered
    for user in _members(Organisation.objects.in_regions(regions), [Role.ARS_OFFICER]):
        out.setdefault(user, "questionnaire")
    return out


def _context(campaign: Campaign, what: str) -> dict:
    return {
        "campaign": campaign,
        "what": what,
        "url": absolute_url(reverse("enquete:detail", args=[campaign.pk])),
    }


@receiver(campaign_invited)
def invitation(sender, campaign, acting_user, **kwargs):
    for user, what in respondents(campaign).items():
        notify(
            Kind.SURVEY_INVITATION,
            [user],
            subject=_("enquête annuelle — %s") % campaign.name,
            template="survey_invitation",
            context=_context(campaign, what),
            actor=acting_user,
        )


def send_survey_reminders(today: datetime.date | None = None) -> int:
    """Remind those who have not answered an open survey campaign, 7 days then 1 day before
    its deadline (the closest reminder only when a day was missed); each reminder recorded, a
    second run sends nothing. Returns the number of e-mails."""
    today = today or datetime.date.today()
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    count = 0
    campaigns = Campaign.objects.filter(
        status=CampaignStatus.OPEN, invited_at__isnull=False, deadline__range=(today, horizon)
    )
    for campaign in campaigns:
        days_left = (campaign.deadline - today).days
        threshold = min(d for d in REMINDER_DAYS if d >= days_left)
        already = set(
            SurveyReminderSent.objects.filter(campaign=campaign, days_before=threshold).values_list(
                "user_id", flat=True
            )
        )
        for user, what in respondents(campaign, pending_only=True).items():
            if user.pk in already:
                continue
            with transaction.atomic():
                sent = notify(
                    Kind.SURVEY_REMINDER,
                    [user],
                    subject=_("plus que %(n)d jour(s) pour l'enquête %(c)s")
                    % {"n": days_left, "c": campaign.name},
                    template="survey_reminder",
                    context={**_context(campaign, what), "days_left": days_left},
                )
                if sent:
                    SurveyReminderSent.objects.create(
                        campaign=campaign, user=user, days_before=threshold, sent_on=today
                    )
                    count += 1
    return count
