"""What appeared elsewhere that resembles a region's projects and needs (issue 13 § 8): the
home page's notice and the weekly digest."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from pilote.cooperation import similarity

NOTICE_SCORE = 0.3  # a new item of another region this close to one of the region's is news
NOTICE_DAYS = 14


@dataclass(frozen=True)
class News:
    item: similarity.Item  # the new project or need of another region
    mine: similarity.Item  # the region's project or need it resembles
    score: float


def news_for_region(region, since: datetime.datetime | None = None) -> list[News]:
    """Shared projects and needs of the other regions created since `since` (14 days by
    default) that resemble one of `region`'s, closest first."""
    since = since or timezone.now() - datetime.timedelta(days=NOTICE_DAYS)
    region_id = getattr(region, "pk", region)
    index = similarity.index()
    found = []
    for item in index.items:
        if item.region_id == region_id or not item.shared or not item.created_at:
            continue
        if item.created_at < since:
            continue
        best = index.matches(item, lambda other: other.region_id == region_id, limit=1)
        if best and best[0].score >= NOTICE_SCORE:
            found.append(News(item, best[0].item, best[0].score))
    found.sort(key=lambda n: (-n.score, n.item.region_code, n.item.code, n.item.pk))
    return found


def url_of(item) -> str:
    from django.urls import reverse

    name = "cooperation:sheet" if item.kind == similarity.PROJECT else "cooperation:need"
    return reverse(name, args=[item.pk])
