"""Regional strategy and its programmes."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import RegionScopedQuerySet
from pilote.core.constraints import FieldConstraintErrors, on_field
from pilote.territoires.models import Territory


class StrategyStatus(models.TextChoices):
    DRAFT = "projet", _("En élaboration")
    ADOPTED = "adoptee", _("Adoptée")
    CLOSED = "close", _("Close")


class Strategy(FieldConstraintErrors, models.Model):
    region = models.ForeignKey(
        Territory, verbose_name=_("région"), on_delete=models.PROTECT, related_name="strategies"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("première année"))
    end_year = models.PositiveSmallIntegerField(_("dernière année"))
    status = models.CharField(
        _("statut"), max_length=10, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    adopted_on = models.DateField(_("adoptée le"), null=True, blank=True)
    summary = models.TextField(_("orientations"), blank=True)

    history = HistoricalRecords()
    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stratégie régionale de e-santé")
        verbose_name_plural = _("stratégies régionales de e-santé")
        ordering = ["region", "-start_year"]
        constraints = [
            on_field(
                models.CheckConstraint(
                    condition=Q(end_year__gte=models.F("start_year")),
                    name="strategy_period",
                    violation_error_message=_(
                        "La dernière année ne peut pas précéder la première année."
                    ),
                ),
                "end_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}-{self.end_year})"


class ProgrammeKind(models.TextChoices):
    SOCLE = "socle", _("Socle commun")
    NATIONAL = "national", _("Programme national décliné en région")
    PRS = "prs", _("Besoin issu du projet régional de santé")
    LOCAL = "local", _("Projet local d'intérêt commun")
    INNOVATION = "innovation", _("Innovation et expérimentation")
    OTHER_ACTOR = "autre_acteur", _("Initiative d'un autre acteur")


class ProgrammeQuerySet(RegionScopedQuerySet):
    region_field = "strategy__region"


class Programme(FieldConstraintErrors, models.Model):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("stratégie"), on_delete=models.CASCADE, related_name="programmes"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("nature"), max_length=15, choices=ProgrammeKind.choices)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["strategy", "code"]
        constraints = [
            on_field(
                models.UniqueConstraint(
                    fields=["strategy", "code"],
                    name="programme_code_per_strategy",
                    violation_error_message=_(
                        "Un autre programme de cette stratégie porte déjà ce code."
                    ),
                ),
                "code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"
