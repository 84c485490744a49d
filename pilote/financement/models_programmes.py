"""National usage-based programmes (issue 11 §3), the way SUN-ES and ESMS numérique work: the
national level defines a programme and its windows — which establishments are eligible (by
type or by list), the usage target (a value at least reached at a period, read on accepted
data) and the lump sum each establishment receives when it reaches it. A region rolls a window
out: each eligible establishment gets a programming, a commitment and a tranche conditioned on
the target, through the ordinary funding services (`programmes.py`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import FundingQuerySet
from pilote.core.constraints import FieldConstraintErrors, on_field
from pilote.financement.models import Envelope, Funder, money_field, positive
from pilote.financement.models_tranches import (
    Tranche,
    target_element_field,
    target_indicator_field,
)


class UsageProgramme(FieldConstraintErrors, models.Model):
    """A national programme paying establishments a lump sum for reaching usage targets."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    funder = models.ForeignKey(
        Funder, verbose_name=_("financeur"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme national à l'usage")
        verbose_name_plural = _("programmes nationaux à l'usage")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgrammeWindow(FieldConstraintErrors, models.Model):
    """A window of a programme: its eligible establishments, its usage target, its lump sum."""

    programme = models.ForeignKey(
        UsageProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="windows",
    )
    name = models.CharField(_("nom"), max_length=100)
    period = models.CharField(
        _("période de la cible"), max_length=7, help_text=_("Par exemple 2026S2")
    )
    closes_on = models.DateField(_("clôture de la fenêtre"), null=True, blank=True)
    data_element = target_element_field()
    indicator = target_indicator_field()
    threshold = models.FloatField(_("cible (au moins)"))
    lump_sum = money_field(_("forfait par établissement (€)"))
    eligible_types = models.JSONField(
        _("types d'établissements éligibles"), default=list, blank=True
    )
    eligible = models.ManyToManyField(
        "acteurs.Organisation",
        verbose_name=_("établissements éligibles (liste)"),
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[eligible])

    class Meta:
        verbose_name = _("fenêtre")
        verbose_name_plural = _("fenêtres")
        ordering = ["programme", "period", "name"]
        constraints = [
            positive("window_lump_sum", "lump_sum", _("Le forfait ne peut pas être négatif.")),
            on_field(
                models.CheckConstraint(
                    condition=models.Q(data_element__isnull=True, indicator__isnull=False)
                    | models.Q(data_element__isnull=False, indicator__isnull=True),
                    name="window_one_target",
                    violation_error_message=_(
                        "La cible porte sur une donnée ou sur un indicateur (l'un des deux)."
                    ),
                ),
                "data_element",
            ),
            on_field(
                models.UniqueConstraint(
                    fields=["programme", "name"],
                    name="window_name_unique",
                    violation_error_message=_("Ce programme a déjà une fenêtre de ce nom."),
                ),
                "name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.name}"

    @property
    def target_name(self) -> str:
        return str(self.indicator.name if self.indicator_id else self.data_element.name)

    @property
    def eligible_type_labels(self) -> list[str]:
        from pilote.acteurs.models import OrganisationType

        labels = dict(OrganisationType.choices)
        return [str(labels.get(t, t)) for t in self.eligible_types]


class Rollout(FieldConstraintErrors, models.Model):
    """A window rolled out in a region, on one of its envelopes."""

    window = models.ForeignKey(
        ProgrammeWindow,
        verbose_name=_("fenêtre"),
        on_delete=models.PROTECT,
        related_name="rollouts",
    )
    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    envelope = models.ForeignKey(
        Envelope, verbose_name=_("enveloppe"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("décidé le"))

    history = HistoricalRecords()
    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("déploiement régional")
        verbose_name_plural = _("déploiements régionaux")
        ordering = ["window", "region__name"]
        constraints = [
            on_field(
                models.UniqueConstraint(
                    fields=["window", "region"],
                    name="rollout_unique",
                    violation_error_message=_("Cette fenêtre est déjà déployée dans la région."),
                ),
                "window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.window} — {self.region}"


class RolloutLineQuerySet(FundingQuerySet):
    region_field = "rollout__region"


class RolloutLine(models.Model):
    """An eligible establishment of a rollout and the tranche that pays its lump sum."""

    rollout = models.ForeignKey(
        Rollout, verbose_name=_("déploiement"), on_delete=models.CASCADE, related_name="lines"
    )
    establishment = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("établissement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    tranche = models.OneToOneField(
        Tranche, verbose_name=_("tranche"), on_delete=models.PROTECT, related_name="rollout_line"
    )

    history = HistoricalRecords()
    objects = RolloutLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("établissement d'un déploiement")
        verbose_name_plural = _("établissements d'un déploiement")
        ordering = ["rollout", "establishment__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["rollout", "establishment"], name="rollout_line_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rollout} — {self.establishment}"
