"""Cooperation proposals (co-carried projects) and the reuse of another region's solution."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import InvitingQuerySet, RegionScopedQuerySet
from pilote.core.constraints import FieldConstraintErrors


class ProposalQuerySet(InvitingQuerySet):
    """The proposing region and the invited ones; every proposal for national roles."""

    region_field = "project__region"


class Proposal(models.Model):
    """A region proposes to others to carry one of its projects together (it leads)."""

    project = models.ForeignKey(
        "portefeuille.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="cooperation_proposals",
    )
    message = models.TextField(_("proposition"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition de coopération")
        verbose_name_plural = _("propositions de coopération")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.project)


class Answer(models.TextChoices):
    PENDING = "attente", _("En attente")
    ACCEPTED = "acceptee", _("Acceptée")
    DECLINED = "declinee", _("Déclinée")


class InvitationQuerySet(RegionScopedQuerySet):
    """`in_regions`: the invitations addressed to those regions; read through the proposal."""

    def visible_to(self, user):
        return self.filter(proposal__in=Proposal.objects.visible_to(user))


class Invitation(FieldConstraintErrors, models.Model):
    """One invited region's answer, and the share of the costs it takes when it accepts."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="invitations")
    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("réponse"), max_length=9, choices=Answer.choices, default=Answer.PENDING
    )
    reason = models.TextField(_("motif"), blank=True)
    cost_share = models.DecimalField(
        _("part des coûts (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("région invitée")
        verbose_name_plural = _("régions invitées")
        ordering = ["region__name"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "region"], name="invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} — {self.region}"


class ReuseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reuse is declared for everyone to read (the public catalogue shows it)."""
        return self


class Reuse(models.Model):
    """A region reuses another region's solution (an entry of its catalogue)."""

    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région qui réutilise"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        "portefeuille.DigitalService",
        verbose_name=_("service réutilisé"),
        on_delete=models.CASCADE,
        related_name="reuses",
    )
    since = models.DateField(_("depuis le"))
    adaptation = models.TextField(_("adaptations"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ReuseQuerySet.as_manager()

    class Meta:
        verbose_name = _("réutilisation")
        verbose_name_plural = _("réutilisations")
        ordering = ["service", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "service"],
                name="reuse_once_per_region",
                violation_error_message=_("Cette réutilisation est déjà déclarée."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} — {self.region}"
