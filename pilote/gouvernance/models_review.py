"""The yearly operational and financial review of a region's portfolio, presented to the
COSSIS (ARA charter) as an agenda item of one of its meetings. Its files are kept; the
snapshot hash names the data they were built from, so that regenerating the same data gives
the same files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import narrowed_to_roles
from pilote.gouvernance.scoping import BodyScopedQuerySet


class ReviewQuerySet(BodyScopedQuerySet):
    body_path = "meeting__body__"

    def visible_to(self, user):
        """The review carries its region's funding figures, project by project: read by the
        national roles, the region's ARS and GRADeS (who read its funding) and the members of
        its bodies (to whom it is presented); not by the establishments' project owners, who
        read their own projects' funding on them, nor by everyone logged in when the body is
        public (its meetings and approved minutes are public, its review's files are not)."""
        from pilote.comptes.models import Role

        roles = (Role.ARS_OFFICER, Role.ARS_READER, Role.GRADES_MANAGER, Role.BODY_MEMBER)
        return narrowed_to_roles(self, user, roles)


class PortfolioReview(models.Model):
    meeting = models.ForeignKey(
        "gouvernance.Meeting",
        verbose_name=_("réunion"),
        on_delete=models.PROTECT,
        related_name="portfolio_reviews",
    )
    item = models.OneToOneField(
        "gouvernance.AgendaItem",
        verbose_name=_("point de l'ordre du jour"),
        on_delete=models.PROTECT,
        related_name="portfolio_review",
    )
    year = models.PositiveSmallIntegerField(_("année"))
    snapshot_hash = models.CharField(_("empreinte des données"), max_length=64)
    pdf = models.FileField(_("revue (PDF)"), upload_to="gouvernance/revues/")
    xlsx = models.FileField(_("revue (XLSX)"), upload_to="gouvernance/revues/")
    generated_at = models.DateTimeField(_("produite le"), auto_now_add=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("produite par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("revue annuelle du portefeuille")
        verbose_name_plural = _("revues annuelles du portefeuille")
        ordering = ["-year", "-generated_at"]
        constraints = [
            # one review per meeting and year: a second job finds the first one's (the service
            # also serialises them on the locked meeting)
            models.UniqueConstraint(fields=["meeting", "year"], name="review_one_per_meeting_year")
        ]

    def __str__(self) -> str:
        return f"{self.meeting.body} — {self.year}"
