"""The weekly cooperation digest: to each region's ARS officers, the projects and needs of the
other regions that appeared in the last 7 days and resemble the region's (issue 13 § 8)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.cooperation import notices
from pilote.notifications.models import Kind
from pilote.notifications.recipients import ars_officers
from pilote.notifications.services import absolute_url, notify
from pilote.territoires.models import Territory


def send_cooperation_digest(now: datetime.datetime | None = None) -> int:
    """Write the digest of the last 7 days; returns the number of e-mails written."""
    since = (now or timezone.now()) - datetime.timedelta(days=7)
    written = 0
    for region in Territory.objects.current().ars_regions().order_by("code"):
        news = notices.news_for_region(region, since)
        if not news:
            continue
        officers = ars_officers(region)
        rows = [
            {
                "title": n.item.title,
                "region": n.item.region_name,
                "mine": n.mine.title,
                "url": absolute_url(notices.url_of(n.item)),
            }
            for n in news
        ]
        written += len(
            notify(
                Kind.COOPERATION_DIGEST,
                officers,
                subject=_("ailleurs, des projets proches des vôtres (%s)") % region.name,
                template="cooperation_digest",
                context={"region": region, "rows": rows},
            )
        )
    return written
