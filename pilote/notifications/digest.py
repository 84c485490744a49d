"""The weekly cooperation digest: to each region's ARS officers, the projects and needs of the
other regions that appeared since their last digest (at most 7 days back) and resemble the
region's (issue 13 § 8). Sent once a week: the daily scheduler (`send_reminders`) calls it every
day, and only the first run of a week with something to say writes (`DigestSent`)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.cooperation import notices
from pilote.notifications.models import DigestSent, Kind
from pilote.notifications.recipients import ars_officers
from pilote.notifications.services import absolute_url, notify
from pilote.territoires.models import Territory


def send_cooperation_digest(now: datetime.datetime | None = None) -> int:
    """Write this week's digests not written yet; returns the number of e-mails written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    week_start = today - datetime.timedelta(days=today.weekday())
    sent = DigestSent.objects.filter(week_start=week_start).values_list("region_id", flat=True)
    done = set(sent)
    written = 0
    for region in Territory.objects.current().ars_regions().order_by("code"):
        if region.pk not in done:
            written += _send(region, now, week_start)
    return written


@transaction.atomic
def _send(region, now: datetime.datetime, week_start: datetime.date) -> int:
    last = (
        DigestSent.objects.filter(region=region)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    since = now - datetime.timedelta(days=7)
    if last is not None and last > since:
        since = last  # what the previous digest told is not told again
    news = notices.news_for_region(region, since)
    if not news:
        return 0
    rows = [
        {
            "title": n.item.title,
            "region": n.item.region_name,
            "mine": n.mine.title,
            "url": absolute_url(notices.url_of(n.item)),
        }
        for n in news
    ]
    to = notify(
        Kind.COOPERATION_DIGEST,
        ars_officers(region),
        subject=_("ailleurs, des projets proches des vôtres (%s)") % region.name,
        template="cooperation_digest",
        context={"region": region, "rows": rows},
    )
    if to:
        DigestSent.objects.create(region=region, week_start=week_start, sent_at=now)
    return len(to)
