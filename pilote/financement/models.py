"""Funding of regional e-health: funders, budget lines, envelopes, and what an envelope is
programmed to (allocations), legally committed and paid.

Instruction of 2017 (§ I.D and annex D): the GRADeS is funded by the ARS and other contributors
over several years; the ARS must have "une vision précise … de l'utilisation des fonds". Amounts
are `Decimal` to the cent; at each level the sum below never exceeds the amount above
(`services.py` checks it under a row lock)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.acteurs.models import Organisation
from pilote.comptes.scoping import FundingQuerySet
from pilote.core.constraints import FieldConstraintErrors, on_field
from pilote.territoires.models import Territory

CENT = Decimal("0.01")


def money_field(verbose_name, **kwargs):
    """An amount in euros, exact to the cent, never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        **kwargs,
    )


def positive(name: str, field: str, message) -> models.CheckConstraint:
    return on_field(
        models.CheckConstraint(
            condition=Q(**{f"{field}__gte": 0}), name=name, violation_error_message=message
        ),
        field,
    )


class FunderKind(models.TextChoices):
    ARS_FIR = "ars_fir", _("ARS — fonds d'intervention régional (FIR)")
    ARS_CNR = "ars_cnr", _("ARS — crédits non reconductibles (CNR)")
    NATIONAL_AGENCY = "agence_nationale", _("Agence nationale")
    HEALTH_INSURANCE = "assurance_maladie", _("Assurance maladie")
    GRADES_MEMBERS = "membres_grades", _("Membres du GRADeS")
    REGION_COUNCIL = "conseil_regional", _("Conseil régional")
    EU_FUNDS = "fonds_europeens", _("Fonds européens")
    USERS = "usagers", _("Contribution des utilisateurs")
    OTHER = "autre", _("Autre financeur")


class Funder(models.Model):
    """Who funds: a national list (the ARS's FIR, the ARS's non-renewable credits, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=20, choices=FunderKind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financeur")
        verbose_name_plural = _("financeurs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Domain(models.TextChoices):
    TELEMEDICINE = "telemedecine", _("Télémédecine")
    E_HEALTH = "e_sante", _("E-santé")
    OTHER = "autre", _("Autre")


class BudgetLine(models.Model):
    """A line of the budget an envelope is notified on ("Télémédecine — crédits passant par
    les GCS", "E-santé — PAERPA"), grouped by domain as the ARS's tables are."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("intitulé"), max_length=200)
    domain = models.CharField(_("domaine"), max_length=16, choices=Domain.choices)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        ordering = ["domain", "position", "name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    GRADES = "grades", _("Par le GRADeS (ou le GCS)")
    ESTABLISHMENTS = "etablissements", _("Directement aux établissements")
    OTHER = "autre", _("Autre circuit")


class Origin(models.TextChoices):
    EARMARKED = "flechee", _("Fléchée par le ministère")
    REGIONAL = "regionale", _("Régionale")
    CARRIED_OVER = "report", _("Report de l'année précédente")


class Envelope(FieldConstraintErrors, models.Model):
    """An amount a funder makes available to a region for a year on a budget line."""

    region = models.ForeignKey(
        Territory, verbose_name=_("région"), on_delete=models.PROTECT, related_name="envelopes"
    )
    funder = models.ForeignKey(
        Funder, verbose_name=_("financeur"), on_delete=models.PROTECT, related_name="envelopes"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("ligne budgétaire"),
        on_delete=models.PROTECT,
        related_name="envelopes",
    )
    amount = money_field(_("montant (€)"))
    channel = models.CharField(_("circuit"), max_length=16, choices=Channel.choices)
    origin = models.CharField(
        _("origine"), max_length=10, choices=Origin.choices, default=Origin.REGIONAL
    )
    notified_on = models.DateField(_("notifiée le"), null=True, blank=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("reportée de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Document d'où vient le montant.")
    )

    history = HistoricalRecords()
    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("enveloppe")
        verbose_name_plural = _("enveloppes")
        ordering = ["region", "-year", "line__domain", "line__position", "funder__name"]
        constraints = [
            on_field(
                models.UniqueConstraint(
                    fields=["region", "funder", "year", "line", "origin"],
                    name="envelope_unique",
                    violation_error_message=_(
                        "Cette région a déjà une enveloppe de ce financeur pour cette ligne, "
                        "cette année et cette origine."
                    ),
                ),
                "line",
            ),
            positive("envelope_amount", "amount", _("Le montant ne peut pas être négatif.")),
        ]

    def __str__(self) -> str:
        return f"{self.line} — {self.funder} {self.year}"


class AllocationQuerySet(FundingQuerySet):
    region_field = "envelope__region"


class Allocation(FieldConstraintErrors, models.Model):
    """A programming: part of an envelope destined to a beneficiary, and to a project when it
    funds one (several funders may share a project, each at its rate of the eligible cost)."""

    envelope = models.ForeignKey(
        Envelope, verbose_name=_("enveloppe"), on_delete=models.PROTECT, related_name="allocations"
    )
    beneficiary = models.ForeignKey(
        Organisation,
        verbose_name=_("bénéficiaire"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    project = models.ForeignKey(
        "portefeuille.Project",
        verbose_name=_("projet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    label = models.CharField(_("objet"), max_length=200)
    amount = money_field(_("montant programmé (€)"))
    eligible_cost = money_field(_("coût éligible (€)"), null=True, blank=True)
    programmed_on = models.DateField(_("programmé le"))

    history = HistoricalRecords()
    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("programmation")
        verbose_name_plural = _("programmations")
        ordering = ["envelope", "programmed_on", "pk"]
        constraints = [
            positive("allocation_amount", "amount", _("Le montant ne peut pas être négatif.")),
            on_field(
                models.CheckConstraint(
                    condition=Q(eligible_cost__isnull=True)
                    | Q(eligible_cost__gte=models.F("amount")),
                    name="allocation_within_eligible_cost",
                    violation_error_message=_("Le montant programmé dépasse le coût éligible."),
                ),
                "amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.beneficiary})"

    @property
    def rate(self) -> Decimal | None:
        """The share of the eligible cost this funder pays, in percent."""
        if not self.eligible_cost:
            return None
        return (self.amount * 100 / self.eligible_cost).quantize(Decimal("0.1"))


class CommitmentQuerySet(FundingQuerySet):
    region_field = "allocation__envelope__region"


class Commitment(FieldConstraintErrors, models.Model):
    """A legal commitment (a decision or an agreement) on a programming."""

    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("programmation"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    reference = models.CharField(_("référence de la décision ou convention"), max_length=100)
    decided_on = models.DateField(_("date"))
    amount = money_field(_("montant engagé (€)"))

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["allocation", "decided_on", "pk"]
        constraints = [
            positive("commitment_amount", "amount", _("Le montant ne peut pas être négatif.")),
            on_field(
                models.UniqueConstraint(
                    fields=["allocation", "reference"],
                    name="commitment_reference_unique",
                    violation_error_message=_(
                        "Un engagement porte déjà cette référence sur cette programmation."
                    ),
                ),
                "reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class PaymentQuerySet(FundingQuerySet):
    region_field = "commitment__allocation__envelope__region"


class Payment(FieldConstraintErrors, models.Model):
    """A payment made against a commitment."""

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    paid_on = models.DateField(_("payé le"))
    amount = money_field(_("montant payé (€)"))
    reference = models.CharField(_("référence du paiement"), max_length=100)
    document = models.CharField(_("pièce comptable"), max_length=100, blank=True)

    history = HistoricalRecords()
    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["commitment", "paid_on", "pk"]
        constraints = [
            positive("payment_amount", "amount", _("Le montant ne peut pas être négatif.")),
            on_field(
                models.UniqueConstraint(
                    fields=["commitment", "reference"],
                    name="payment_reference_unique",
                    violation_error_message=_(
                        "Un paiement porte déjà cette référence sur cet engagement."
                    ),
                ),
                "reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


from pilote.financement.models_plans import (  # noqa: E402, F401
    FundingPlan,
    OperatorCapacity,
    PlanAmount,
)
from pilote.financement.models_programmes import (  # noqa: E402, F401
    ProgrammeWindow,
    Rollout,
    RolloutLine,
    UsageProgramme,
)
from pilote.financement.models_tranches import Tranche, TrancheStatus  # noqa: E402, F401
