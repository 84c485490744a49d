"""Multi-year funding plans and staff capacity (issue 11 §4).

A plan covers three years for an operator (the GRADeS) or for a project: what each funder is
planned to give each year, for the build phase or for running costs (the users' contribution to
running costs among them). What is programmed, committed and paid is never typed here: it is
read from the programmings, commitments and payments (`plans.py`). An operator's capacity is
the staff (ETP) it has each year, to compare with the ETP its projects declare."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import FundingQuerySet
from pilote.core.constraints import FieldConstraintErrors, on_field
from pilote.financement.models import Funder, money_field, positive

PLAN_YEARS = 3


class PlanPhase(models.TextChoices):
    BUILD = "projet", _("Projet (investissement)")
    RUN = "fonctionnement", _("Fonctionnement")


class FundingPlan(FieldConstraintErrors, models.Model):
    """A three-year funding plan of an operator or of a project of the region."""

    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        related_name="funding_plans",
    )
    operator = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("opérateur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_plans",
    )
    project = models.ForeignKey(
        "portefeuille.Project",
        verbose_name=_("projet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_plans",
    )
    first_year = models.PositiveSmallIntegerField(_("première année"))
    title = models.CharField(_("intitulé"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan de financement")
        verbose_name_plural = _("plans de financement")
        ordering = ["region", "-first_year", "title"]
        constraints = [
            on_field(
                models.CheckConstraint(
                    condition=Q(operator__isnull=False, project__isnull=True)
                    | Q(operator__isnull=True, project__isnull=False),
                    name="plan_operator_or_project",
                    violation_error_message=_(
                        "Un plan de financement porte soit sur un opérateur, soit sur un projet."
                    ),
                ),
                "operator",
            ),
            on_field(
                models.UniqueConstraint(
                    fields=["operator", "first_year"],
                    name="plan_operator_unique",
                    violation_error_message=_(
                        "Cet opérateur a déjà un plan commençant cette année-là."
                    ),
                ),
                "first_year",
            ),
            on_field(
                models.UniqueConstraint(
                    fields=["project", "first_year"],
                    name="plan_project_unique",
                    violation_error_message=_(
                        "Ce projet a déjà un plan commençant cette année-là."
                    ),
                ),
                "first_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.first_year}–{self.last_year})"

    @property
    def last_year(self) -> int:
        return self.first_year + PLAN_YEARS - 1

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.first_year + PLAN_YEARS))

    @property
    def subject(self):
        return self.operator or self.project


class PlanAmountQuerySet(FundingQuerySet):
    region_field = "plan__region"


class PlanAmount(FieldConstraintErrors, models.Model):
    """What a funder is planned to give a plan in a year, for one phase."""

    plan = models.ForeignKey(
        FundingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="amounts"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    funder = models.ForeignKey(
        Funder, verbose_name=_("financeur"), on_delete=models.PROTECT, related_name="+"
    )
    phase = models.CharField(
        _("phase"), max_length=16, choices=PlanPhase.choices, default=PlanPhase.BUILD
    )
    amount = money_field(_("montant prévu (€)"))

    history = HistoricalRecords()
    objects = PlanAmountQuerySet.as_manager()

    class Meta:
        verbose_name = _("montant prévu")
        verbose_name_plural = _("montants prévus")
        ordering = ["plan", "year", "funder__name", "phase"]
        constraints = [
            positive("plan_amount_amount", "amount", _("Le montant ne peut pas être négatif.")),
            models.UniqueConstraint(
                fields=["plan", "year", "funder", "phase"], name="plan_amount_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder} {self.year} ({self.get_phase_display()}) : {self.amount}"


class CapacityQuerySet(FundingQuerySet):
    region_field = "operator__region"


class OperatorCapacity(FieldConstraintErrors, models.Model):
    """The staff (ETP) an operator has in a year, to set against what its projects use."""

    operator = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("opérateur"),
        on_delete=models.PROTECT,
        related_name="capacities",
    )
    year = models.PositiveSmallIntegerField(_("année"))
    fte = models.DecimalField(_("ETP disponibles"), max_digits=6, decimal_places=2)

    history = HistoricalRecords()
    objects = CapacityQuerySet.as_manager()

    class Meta:
        verbose_name = _("capacité d'un opérateur")
        verbose_name_plural = _("capacités des opérateurs")
        ordering = ["operator", "year"]
        constraints = [
            positive("capacity_fte", "fte", _("Le nombre d'ETP ne peut pas être négatif.")),
            models.UniqueConstraint(fields=["operator", "year"], name="capacity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.operator} {self.year} : {self.fte} ETP"
