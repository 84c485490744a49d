"""The weekly cooperation digest: to each region's ARS officers, the projects and needs of the
other regions that appeared since their previous digest (the last 7 days for a first one) and
resemble the region's (issue 13 § 8). Sent once a week: the daily scheduler (`send_reminders`)
calls it every day, and only the first run of a week with something to say writes
(`DigestSent`)."""

import datetime

from django.db import IntegrityError, transaction
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


class _Nothing(Exception):
    """Nothing to tell, or nobody to tell it to: the week's claim is rolled back."""


def _send(region, now: datetime.datetime, week_start: datetime.date) -> int:
    """The region's digest of the week, once: the week's `DigestSent` row is claimed first
    (a concurrent run waits on it, then finds it taken and writes nothing); the e-mails are
    enqueued when that claim commits."""
    last = (
        DigestSent.objects.in_region(region)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    # what appeared since the previous digest (what it told is not told again); without one,
    # the last 7 days; never more than 14 days back (the digest was off, or the scheduler)
    since = max(last or now - datetime.timedelta(days=7), now - datetime.timedelta(days=14))
    try:
        with transaction.atomic():
            DigestSent.objects.create(region=region, week_start=week_start, sent_at=now)
            to = _write(region, since)
            if not to:
                raise _Nothing
    except (_Nothing, IntegrityError):  # IntegrityError: another run has this week's claim
        return 0
    return len(to)


def _write(region, since: datetime.datetime) -> list:
    news = notices.news_for_region(region, since)
    if not news:
        return []
    rows = [
        {
            "title": n.item.title,
            "region": n.item.region_name,
            "mine": n.mine.title,
            "url": absolute_url(notices.url_of(n.item)),
        }
        for n in news
    ]
    return notify(
        Kind.COOPERATION_DIGEST,
        ars_officers(region),
        subject=_("ailleurs, des projets proches des vôtres (%s)") % region.name,
        template="cooperation_digest",
        context={"region": region, "rows": rows},
    )
