"""The CPOM (contrat pluriannuel d'objectifs et de moyens) between an ARS and its GRADeS (or
another operator), its versions (the signed contract, then each amendment), its objectives with
yearly targets read from the indicator module or the portfolio, and the annual management
dialogue with its actions.

Instruction of 2017 (§ I.D): the ARS contracts with the GRADeS on multi-year objectives and
means and holds a yearly supervision and management dialogue. An objective's achieved value is
never typed: it is computed from accepted data (`achieved.py`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import FundingQuerySet
from pilote.core.constraints import FieldConstraintErrors, on_field


class CpomQuerySet(FundingQuerySet):
    region_field = "region"


class Cpom(FieldConstraintErrors, models.Model):
    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        related_name="cpoms",
    )
    operator = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("opérateur"),
        on_delete=models.PROTECT,
        related_name="cpoms",
        help_text=_("Le GRADeS ou l'autre opérateur avec lequel l'ARS contracte."),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    reference = models.CharField(_("référence"), max_length=60, blank=True)
    start_year = models.PositiveSmallIntegerField(_("première année"))
    end_year = models.PositiveSmallIntegerField(_("dernière année"))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    history = HistoricalRecords()
    objects = CpomQuerySet.as_manager()

    class Meta:
        verbose_name = _("CPOM")
        verbose_name_plural = _("CPOM")
        ordering = ["region", "-start_year", "pk"]
        constraints = [
            on_field(
                models.CheckConstraint(
                    condition=Q(end_year__gte=models.F("start_year")),
                    name="cpom_period_ordered",
                    violation_error_message=_(
                        "La dernière année du contrat précède sa première année."
                    ),
                ),
                "end_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    def current_version(self):
        """The latest signed version (the contract in force), else the draft."""
        versions = list(self.versions.all())
        signed = [v for v in versions if v.signed_on]
        return (signed or versions)[-1] if versions else None

    def latest_version(self):
        return self.versions.order_by("-number").first()


class VersionQuerySet(FundingQuerySet):
    region_field = "cpom__region"


class CpomVersion(models.Model):
    """Version 1 is the contract; each later version an amendment (avenant). A version is
    edited while it is a draft and frozen once signed, so every former version stays readable
    as it was signed."""

    cpom = models.ForeignKey(
        Cpom, verbose_name=_("CPOM"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    reason = models.CharField(_("objet"), max_length=300, blank=True)
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    signatories = models.TextField(
        _("signataires"), blank=True, help_text=_("Une personne par ligne : nom, fonction.")
    )

    history = HistoricalRecords()
    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version du CPOM")
        verbose_name_plural = _("versions du CPOM")
        ordering = ["cpom", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cpom", "number"], name="cpom_version_once"),
        ]

    def __str__(self) -> str:
        if self.number == 1:
            return str(_("Contrat initial"))
        return str(_("Avenant n° %(n)s")) % {"n": self.number - 1}

    @property
    def is_draft(self) -> bool:
        return self.signed_on is None


class ObjectiveSource(models.TextChoices):
    INDICATOR = "indicateur", _("Indicateur du tableau de bord")
    DATA_ELEMENT = "donnee", _("Donnée élémentaire")
    MILESTONES = "jalons", _("Jalons atteints (portefeuille)")
    PRODUCTION = "production", _("Projets en production (portefeuille)")


class ObjectiveQuerySet(FundingQuerySet):
    region_field = "version__cpom__region"


class Objective(FieldConstraintErrors, models.Model):
    """An objective of one version, measured by an indicator or a data element of the indicator
    module (for a territory or an establishment) or by a count from the operator's portfolio."""

    version = models.ForeignKey(
        CpomVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    position = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("objectif"), max_length=300)
    source = models.CharField(_("mesure"), max_length=12, choices=ObjectiveSource.choices)
    indicator = models.ForeignKey(
        "indicateurs.Indicator",
        verbose_name=_("indicateur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    data_element = models.ForeignKey(
        "indicateurs.DataElement",
        verbose_name=_("donnée élémentaire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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

    history = HistoricalRecords()
    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="objective_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def measure_label(self) -> str:
        if self.source == ObjectiveSource.INDICATOR:
            return f"{self.indicator} — {self.territory}"
        if self.source == ObjectiveSource.DATA_ELEMENT:
            return f"{self.data_element} — {self.organisation or self.territory}"
        return self.get_source_display()


class YearTarget(models.Model):
    objective = models.ForeignKey(
        Objective, verbose_name=_("objectif"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    value = models.FloatField(_("cible"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cible annuelle")
        verbose_name_plural = _("cibles annuelles")
        ordering = ["objective", "year"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "year"], name="year_target_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.value:g}"


class DialogueQuerySet(FundingQuerySet):
    region_field = "cpom__region"


class Dialogue(models.Model):
    """The annual management dialogue of a CPOM for a year: comments and decisions."""

    cpom = models.ForeignKey(
        Cpom, verbose_name=_("CPOM"), on_delete=models.CASCADE, related_name="dialogues"
    )
    year = models.PositiveSmallIntegerField(_("année examinée"))
    held_on = models.DateField(_("tenu le"), null=True, blank=True)
    comments = models.TextField(_("commentaires"), blank=True)
    decisions = models.TextField(_("décisions"), blank=True)

    history = HistoricalRecords()
    objects = DialogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue de gestion")
        verbose_name_plural = _("dialogues de gestion")
        ordering = ["cpom", "year"]
        constraints = [
            models.UniqueConstraint(fields=["cpom", "year"], name="dialogue_once_a_year"),
        ]

    def __str__(self) -> str:
        return str(_("Dialogue de gestion %(y)s")) % {"y": self.year}


class ActionStatus(models.TextChoices):
    PLANNED = "prevue", _("Prévue")
    ONGOING = "en_cours", _("En cours")
    DONE = "realisee", _("Réalisée")
    DROPPED = "abandonnee", _("Abandonnée")


class Action(models.Model):
    """An action decided at a dialogue; the next year's dialogue reviews its status."""

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("responsable"), max_length=200, blank=True)
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["dialogue", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title
