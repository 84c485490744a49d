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


@transaction.atomic
def present_review(*, acting_user, meeting: Meeting, year: int) -> PortfolioReview:
    from pilote.gouvernance.services_meetings import add_item

    check_review(acting_user=acting_user, meeting=meeting, year=year)
    region = meeting.body.region
    data = review.snapshot(acting_user, region, year)
    digest = review.snapshot_hash(data)
    current = PortfolioReview.objects.filter(meeting=meeting, year=year).first()
    if current is not None and current.snapshot_hash == digest:
        return current
    kept = PortfolioReview.objects.in_region(region).filter(year=year, snapshot_hash=digest).first()
    obj = current or PortfolioReview(meeting=meeting, year=year)
    if kept is not None:
        obj.pdf, obj.xlsx = kept.pdf.name, kept.xlsx.name
    else:
        name = f"revue-{region.code}-{year}-{digest[:12]}"
        obj.pdf.save(f"{name}.pdf", ContentFile(review.review_pdf(data, region)), save=False)
        obj.xlsx.save(f"{name}.xlsx", ContentFile(review.review_xlsx(data)), save=False)
    if obj.pk is None:
        obj.item = add_item(
            acting_user=acting_user,
            meeting=meeting,
            title=_("Revue annuelle du portefeuille %s") % year,
        )
    obj.snapshot_hash = digest
    obj.generated_by = history_user_or_none(acting_user)
    save_with_history(
        obj,
        acting_user=acting_user,
        reason=_("Revue mise à jour") if current else _("Revue annuelle produite"),
    )
    return obj
