"""Tranches: a commitment paid in parts, each on a condition — a deliverable approved by the
ARS and/or a usage target read from the accepted (published) indicator data.

Instruction of 2017 (annex D): "financement de projets conditionné à l'atteinte d'objectifs
d'usage". The condition is evaluated only on accepted data; the evidence that made a tranche
payable (value, period, report, acceptance) is stored with it; a later correction below the
target warns and never unpays."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import FundingQuerySet
from pilote.core.constraints import FieldConstraintErrors, on_field
from pilote.financement.models import Commitment, Payment, money_field, positive


def target_element_field():
    """A usage target on a data element's value…"""
    return models.ForeignKey(
        "indicateurs.DataElement",
        verbose_name=_("donnée d'usage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


def target_indicator_field():
    """… or on a computed indicator (tranches and programme windows)."""
    return models.ForeignKey(
        "indicateurs.Indicator",
        verbose_name=_("indicateur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Un indicateur calculé (un ratio par exemple), à la place d'une donnée."),
    )


class TrancheStatus(models.TextChoices):
    WAITING = "attente", _("En attente de sa condition")
    PAYABLE = "payable", _("Payable")
    PAID = "payee", _("Payée")


class TrancheQuerySet(FundingQuerySet):
    region_field = "commitment__allocation__envelope__region"


class Tranche(FieldConstraintErrors, models.Model):
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("engagement"), on_delete=models.PROTECT, related_name="tranches"
    )
    rank = models.PositiveSmallIntegerField(_("rang"))
    label = models.CharField(_("intitulé"), max_length=200)
    amount = money_field(_("montant (€)"))
    # condition: a deliverable…
    deliverable = models.CharField(
        _("livrable attendu"),
        max_length=300,
        blank=True,
        help_text=_("Vide : pas de livrable exigé."),
    )
    deliverable_approved_on = models.DateField(_("livrable approuvé le"), null=True, blank=True)
    deliverable_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("livrable approuvé par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # … and/or a usage target on accepted data
    data_element = target_element_field()
    indicator = target_indicator_field()
    territory = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("établissement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period = models.CharField(_("période"), max_length=7, blank=True)
    threshold = models.FloatField(_("cible (au moins)"), null=True, blank=True)
    # state and evidence
    status = models.CharField(
        _("état"), max_length=8, choices=TrancheStatus.choices, default=TrancheStatus.WAITING
    )
    payable_since = models.DateTimeField(_("payable depuis"), null=True, blank=True)
    evidence_value = models.FloatField(_("valeur constatée"), null=True, blank=True)
    evidence_report = models.ForeignKey(
        "indicateurs.Report",
        verbose_name=_("rapport accepté"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence_accepted_at = models.DateTimeField(_("accepté le"), null=True, blank=True)
    warning = models.TextField(_("alerte"), blank=True)
    payment = models.OneToOneField(
        Payment,
        verbose_name=_("paiement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tranche",
    )

    history = HistoricalRecords()
    objects = TrancheQuerySet.as_manager()

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["commitment", "rank"]
        constraints = [
            positive("tranche_amount", "amount", _("Le montant ne peut pas être négatif.")),
            on_field(
                models.UniqueConstraint(
                    fields=["commitment", "rank"],
                    name="tranche_rank_unique",
                    violation_error_message=_("Cet engagement a déjà une tranche de ce rang."),
                ),
                "rank",
            ),
            on_field(
                models.CheckConstraint(
                    condition=Q(data_element__isnull=True, indicator__isnull=True)
                    | (
                        (Q(data_element__isnull=True) | Q(indicator__isnull=True))
                        & Q(threshold__isnull=False)
                        & ~Q(period="")
                        & (
                            Q(territory__isnull=False, organisation__isnull=True)
                            | Q(territory__isnull=True, organisation__isnull=False)
                        )
                    ),
                    name="tranche_usage_target_complete",
                    violation_error_message=_(
                        "Une cible d'usage porte sur une donnée ou un indicateur (pas les deux) "
                        "et indique la cible, la période et soit un territoire, soit un "
                        "établissement."
                    ),
                ),
                "threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.label}"

    @property
    def has_usage_target(self) -> bool:
        return self.data_element_id is not None or self.indicator_id is not None

    @property
    def target_name(self) -> str:
        return str(self.indicator.name if self.indicator_id else self.data_element.name)

    @property
    def org_unit_name(self) -> str:
        return str(self.organisation or self.territory or "")
