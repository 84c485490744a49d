"""Presenting the yearly portfolio review at a meeting: the snapshot of the region's data is
taken, its files built and kept, and an agenda item carries them. The same snapshot gives back
the kept files (no new rendering); changed data replace the files of that meeting's review."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from pilote.core.history import history_user_or_none, save_with_history
from pilote.gouvernance import review
from pilote.gouvernance.models import Meeting, PortfolioReview


def check_review(*, acting_user, meeting: Meeting, year: int) -> None:
    """The refusals, before any work (also checked when the job starts)."""
    from pilote.gouvernance.services import require_manager
    from pilote.gouvernance.services_meetings import _require_draft

    require_manager(acting_user, meeting.body)
    _require_draft(meeting)
    if meeting.body.region_id is None:
        raise ValidationError(
            _("La revue porte sur le portefeuille d'une région : instance nationale.")
        )
    if not 2000 <= year <= datetime.date.today().year:
        raise ValidationError(
            {
                "year": _("Année %(y)s : choisissez une année écoulée ou l'année en cours.")
                % {"y": year}
            }
        )


def present_review(*, acting_user, meeting: Meeting, year: int) -> PortfolioReview:
    """Take the snapshot and build its files (seconds of charts and PDF) before the
    transaction that stores them: on SQLite a transaction holds the database's only write
    lock from its start, and every user's save (a session included) would wait for the render
    (and fail past the busy timeout)."""
    check_review(acting_user=acting_user, meeting=meeting, year=year)
    region = meeting.body.region
    data = review.snapshot(acting_user, region, year)
    digest = review.snapshot_hash(data)
    current = PortfolioReview.objects.filter(meeting=meeting, year=year).first()
    if current is not None and current.snapshot_hash == digest:
        return current
    kept = PortfolioReview.objects.in_region(region).filter(year=year, snapshot_hash=digest).first()
    files = None
    if kept is None:
        files = (review.review_pdf(data, region), review.review_xlsx(data))
    return _store(acting_user, meeting, year, digest, kept, files)


@transaction.atomic
def _store(acting_user, meeting: Meeting, year: int, digest: str, kept, files) -> PortfolioReview:
    from pilote.gouvernance.services_meetings import add_item

    # read again, locked: its minutes may have been approved while the files were built, and a
    # second job for the same meeting waits here, then finds the first one's review
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    check_review(acting_user=acting_user, meeting=meeting, year=year)  # still a draft
    region = meeting.body.region
    current = PortfolioReview.objects.filter(meeting=meeting, year=year).first()
    if current is not None and current.snapshot_hash == digest:
        return current  # produced meanwhile by another job
    obj = current or PortfolioReview(meeting=meeting, year=year)
    if kept is not None:
        obj.pdf, obj.xlsx = kept.pdf.name, kept.xlsx.name
    else:
        name = f"revue-{region.code}-{year}-{digest[:12]}"
        obj.pdf.save(f"{name}.pdf", ContentFile(files[0]), save=False)
        obj.xlsx.save(f"{name}.xlsx", ContentFile(files[1]), save=False)
    if obj.pk is None:
        title = _("Revue annuelle du portefeuille %s") % year
        # an item the secretary already put on the agenda under that title (with or without
        # the year) carries it
        planned = meeting.items.filter(
            title__in=[title, _("Revue annuelle du portefeuille")], portfolio_review=None
        )
        obj.item = planned.order_by("position", "pk").first() or add_item(
            acting_user=acting_user, meeting=meeting, title=title
        )
    obj.snapshot_hash = digest
    obj.generated_by = history_user_or_none(acting_user)
    save_with_history(
        obj,
        acting_user=acting_user,
        reason=_("Revue mise à jour") if current else _("Revue annuelle produite"),
    )
    return obj
