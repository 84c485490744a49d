"""The national prior review (instruction of 2017, § IV): which projects need it, and the
condition it sets on a financial commitment."""

from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.cooperation.models import CooperationSheet, PriorReview, ReviewDecision, ReviewThreshold


def threshold(year: int | None = None):
    """The budget threshold of `year` (this year by default), or None when none is set."""
    year = year or timezone.localdate().year
    row = ReviewThreshold.objects.filter(year=year).first()
    return row.amount if row else None


def above_threshold(sheet: CooperationSheet, amount=None) -> bool:
    amount = threshold() if amount is None else amount
    return bool(amount is not None and sheet.estimated_budget and sheet.estimated_budget >= amount)


def review_required(project) -> bool:
    """A project flagged strategic by its ARS, or whose estimated budget reaches this year's
    national threshold."""
    return sheet_requires_review(CooperationSheet.objects.filter(project=project).first())


def sheet_requires_review(sheet: CooperationSheet | None) -> bool:
    """`review_required` for a project whose sheet (or None) the caller has already read."""
    return sheet is not None and (sheet.strategic or above_threshold(sheet))


def latest_review(project):
    return PriorReview.objects.filter(project=project).order_by("-decided_on", "-pk").first()


def check_prior_review(project) -> None:
    """Registered in portefeuille's `commitment_checks`: no commitment on a project that needs
    the national prior review until the review has decided that it goes ahead."""
    from pilote.portefeuille.services import CommitmentRefused

    if not review_required(project):
        return
    review = latest_review(project)
    if review is None:
        raise CommitmentRefused(
            _(
                "Engagement refusé : le projet %(code)s doit passer la revue nationale préalable "
                "(projet stratégique ou budget au-dessus du seuil national) et aucune décision "
                "n'est encore enregistrée."
            )
            % {"code": project.code}
        )
    if review.decision == ReviewDecision.POSTPONE:
        raise CommitmentRefused(
            _(
                "Engagement refusé : la revue nationale préalable du %(date)s a reporté le "
                "projet %(code)s."
            )
            % {"code": project.code, "date": review.decided_on.strftime("%d/%m/%Y")}
        )
