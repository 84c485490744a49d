"""The yearly survey of regional operators (issue 14): a campaign runs one frozen methodology
version over one or several reference years; each operator fills a grid per year (key figures
as columns, detailed figures as `GridFigure` rows named by the methodology), answers the
criteria of the three indices (`CriterionAnswer`), and each ARS its questionnaire.

Figures are decimals and nullable: an empty cell is unknown, never 0 (a 0 typed is a real 0)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import FundingQuerySet
from pilote.enquete.places import reference_day

POSITIVE = [MinValueValidator(Decimal("0"))]


class Methodology(models.Model):
    """One version of the survey's content (questions, criteria, scales): frozen once a
    campaign uses it; a change is a new version."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    label = models.CharField(_("intitulé"), max_length=200)
    definition = models.JSONField(_("contenu"))
    frozen = models.BooleanField(_("figée"), default=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("méthodologie d'enquête")
        verbose_name_plural = _("méthodologies d'enquête")
        ordering = ["version"]

    def __str__(self) -> str:
        return _("Méthodologie v%(v)d — %(l)s") % {"v": self.version, "l": self.label}

    def criteria(self):
        """(index, criterion) of every criterion, in order."""
        return [(i, c) for i in self.definition["indices"] for c in i["criteria"]]


class CampaignStatus(models.TextChoices):
    OPEN = "ouverte", _("Ouverte")
    CLOSED = "close", _("Close")


class Campaign(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    years = models.JSONField(_("années de référence"))
    methodology = models.ForeignKey(
        Methodology, verbose_name=_("méthodologie"), on_delete=models.PROTECT
    )
    deadline = models.DateField(_("date limite de réponse"), null=True, blank=True)
    operators = models.ManyToManyField(
        "acteurs.Organisation",
        verbose_name=_("opérateurs enquêtés"),
        blank=True,
        related_name="survey_campaigns",
    )
    status = models.CharField(
        _("état"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    invited_at = models.DateTimeField(_("invitations envoyées le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[operators])

    class Meta:
        verbose_name = _("campagne d'enquête")
        verbose_name_plural = _("campagnes d'enquête")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN

    @property
    def years_label(self) -> str:
        return ", ".join(str(y) for y in self.years)


class GridQuerySet(FundingQuerySet):
    """A region's grids: national roles, the region's ARS and GRADeS."""


class Grid(models.Model):
    """One operator's answers for one reference year of a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="grids"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    place_code = models.CharField(
        _("code du territoire"),
        max_length=20,
        help_text=_("Code INSEE de la région valide cette année-là, ou code du ressort d'ARS."),
    )
    territory = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région de l'année"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ars_area = models.ForeignKey(
        "territoires.ArsArea",
        verbose_name=_("ressort d'ARS"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région actuelle"),
        on_delete=models.PROTECT,
        related_name="survey_grids",
        help_text=_("La région d'aujourd'hui où le territoire de l'année est repris."),
    )
    operator = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("opérateur dans Pilote"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_grids",
    )
    operator_name = models.CharField(_("opérateur"), max_length=255)
    etp_total = models.DecimalField(
        _("ETP total"), max_digits=9, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    budget_operating = models.DecimalField(
        _("budget de fonctionnement"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE,
    )
    budget_investment = models.DecimalField(
        _("budget d'investissement"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE,
    )
    budget_total = models.DecimalField(
        _("budget total"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE,
        help_text=_(
            "Seul quand la ventilation est inconnue ; avec les deux budgets, il en est la somme."
        ),
    )
    population_reference = models.PositiveIntegerField(
        _("population de référence"),
        null=True,
        blank=True,
        help_text=_("Remplace la population du territoire pour les montants par habitant."),
    )
    creation_date = models.DateField(_("date de création"), null=True, blank=True)
    legal_form = models.CharField(_("forme juridique"), max_length=120, blank=True)
    predecessors = models.TextField(_("structures préexistantes"), blank=True)
    colleges = models.TextField(_("collèges"), blank=True)
    bodies = models.TextField(_("instances"), blank=True)
    levers = models.TextField(_("leviers"), blank=True)
    submitted_at = models.DateTimeField(_("transmise le"), null=True, blank=True)
    portfolio = models.JSONField(
        _("portefeuille relevé"),
        null=True,
        blank=True,
        help_text=_(
            "Projets de l'opérateur par phase et impulsion, relevés dans le module Portefeuille "
            "à la transmission de la grille ou à la clôture de la campagne."
        ),
    )
    portfolio_read_at = models.DateTimeField(_("portefeuille relevé le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords()
    objects = GridQuerySet.as_manager()

    class Meta:
        verbose_name = _("grille d'opérateur")
        verbose_name_plural = _("grilles d'opérateurs")
        ordering = ["campaign", "year", "place_code", "operator_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year", "place_code", "operator_name"],
                name="survey_grid_unique",
                violation_error_message=_(
                    "Cet opérateur a déjà une grille pour ce territoire et cette année."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.operator_name} — {self.year}"

    @property
    def place(self):
        return self.ars_area or self.territory

    def population(self) -> int | None:
        """The population of reference given, else the territory's (the sum of the regions an
        ARS area covered that year)."""
        if self.population_reference is not None:
            return self.population_reference
        if self.ars_area is not None:
            day = reference_day(self.year)
            values = [r.population for r in self.ars_area.regions.all() if r.is_valid_on(day)]
            return None if not values or None in values else sum(values)
        return self.territory.population if self.territory else None


class GridFigure(models.Model):
    """A detailed figure of a grid, named by a key of its campaign's methodology
    (`etp.direction`, `financement.ars.projets`, `risque.financier`…)."""

    grid = models.ForeignKey(
        Grid, verbose_name=_("grille"), on_delete=models.CASCADE, related_name="figures"
    )
    key = models.CharField(_("rubrique"), max_length=60)
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2, validators=POSITIVE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donnée détaillée")
        verbose_name_plural = _("données détaillées")
        ordering = ["grid", "key"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "key"], name="survey_figure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class Review(models.TextChoices):
    PENDING = "a_verifier", _("À vérifier")
    VERIFIED = "verifie", _("Vérifié")
    TO_CORRECT = "a_corriger", _("À corriger")


class CriterionAnswer(models.Model):
    """The answer to one criterion of an index for a grid: pre-filled from Pilote's evidence
    when it holds some (`source`), confirmed or corrected by the respondent (a correction
    needs a justification), verified by a national reviewer."""

    grid = models.ForeignKey(
        Grid, verbose_name=_("grille"), on_delete=models.CASCADE, related_name="criteria"
    )
    index = models.CharField(_("indice"), max_length=40)
    criterion = models.CharField(_("critère"), max_length=40)
    met = models.BooleanField(_("critère rempli"), null=True)
    subcriteria = models.JSONField(_("sous-critères remplis"), default=list, blank=True)
    prefilled = models.BooleanField(_("pré-rempli par Pilote"), null=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    confirmed = models.BooleanField(_("confirmé par le répondant"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    review = models.CharField(
        _("vérification"), max_length=12, choices=Review.choices, default=Review.PENDING
    )
    review_comment = models.TextField(_("commentaire de vérification"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("réponse à un critère")
        verbose_name_plural = _("réponses aux critères")
        ordering = ["grid", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "criterion"], name="survey_criterion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.grid} — {self.criterion}"


class QuestionnaireQuerySet(FundingQuerySet):
    """A region's ARS questionnaires: national roles, the region's ARS and GRADeS."""


class Questionnaire(models.Model):
    """The ARS's answers to the nine questions of annex 5.3 for a campaign."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campagne"),
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        related_name="survey_questionnaires",
    )
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("transmis le"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("transmis par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review = models.CharField(
        _("vérification"), max_length=12, choices=Review.choices, default=Review.PENDING
    )
    review_comment = models.TextField(_("commentaire de vérification"), blank=True)

    history = HistoricalRecords()
    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire ARS")
        verbose_name_plural = _("questionnaires ARS")
        ordering = ["campaign", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "region"], name="survey_questionnaire_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.region}"

    def rows(self) -> list[dict]:
        """Each question of the campaign's methodology with its answer as text (a ranking as
        "1. item; 2. item"), None when unanswered."""
        rows = []
        for question in self.campaign.methodology.definition["questions"]:
            value = self.answers.get(question["code"])
            if isinstance(value, dict):
                ordered = sorted(value.items(), key=lambda pair: pair[1])
                value = "; ".join(f"{rank}. {item}" for item, rank in ordered) or None
            rows.append({"question": question, "value": value})
        return rows
