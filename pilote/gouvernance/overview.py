"""The regional governance overview (§ 8): a region's bodies, their next meetings, the open
actions, the ethics referrals awaiting an answer and the GRADeS set-up milestones — each read
through its own `visible_to`, so the page shows a user nothing their other pages would not."""

import datetime

from django.utils import timezone

from pilote.gouvernance.models import Action, Body, EthicsReferral, Meeting, ReferralStatus
from pilote.gouvernance.setup_followup import setup_rows

NEXT_MEETINGS = 10
PENDING = (ReferralStatus.SUBMITTED, ReferralStatus.FORWARDED)


def region_overview(user, region) -> dict:
    today = datetime.date.today()
    bodies = Body.objects.visible_to(user).in_region(region).order_by("kind", "name")
    meetings = (
        Meeting.objects.visible_to(user)
        .in_region(region)
        .filter(starts_at__gte=timezone.now())
        .select_related("body")
        .order_by("starts_at")[:NEXT_MEETINGS]
    )
    actions = (
        Action.objects.visible_to(user)
        .in_region(region)
        .open()
        .select_related("meeting__body", "owner")
        .order_by("due_on", "pk")
    )
    referrals = (
        EthicsReferral.objects.visible_to(user)
        .in_region(region)
        .filter(status__in=PENDING)
        .select_related("committee")
        .order_by("submitted_at", "pk")
    )
    setup = setup_rows(user, region)
    return {
        "bodies": bodies,
        "meetings": meetings,
        "actions": actions,
        "overdue": sum(1 for a in actions if a.due_on < today),
        "today": today,
        "referrals": referrals,
        "setup": setup[0] if setup else None,
    }
