"""Aggregate reporting: definitions, campaigns, reports with their approval, data values and
the roll-up store that makes accepted data visible at once."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import RegionScopedQuerySet, ReportingQuerySet
from pilote.indicateurs.periods import PERIOD_TYPES
from pilote.territoires.models import Territory


class ValueType(models.TextChoices):
    INTEGER = "entier", _("Entier")
    NUMBER = "nombre", _("Nombre")
    PERCENTAGE = "pourcentage", _("Pourcentage")
    BOOLEAN = "oui_non", _("Oui / non")
    DATE = "date", _("Date")
    TEXT = "texte", _("Texte")


class Aggregation(models.TextChoices):
    SUM = "somme", _("Somme")
    AVERAGE = "moyenne", _("Moyenne")
    LAST = "derniere", _("Dernière valeur (stock)")
    NONE = "aucune", _("Aucune")


class Disaggregation(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("nom"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ventilation")
        verbose_name_plural = _("ventilations")

    def __str__(self) -> str:
        return self.name


class DisaggregationOption(models.Model):
    disaggregation = models.ForeignKey(
        Disaggregation, on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("nom"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("modalité de ventilation")
        verbose_name_plural = _("modalités de ventilation")
        ordering = ["disaggregation", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["disaggregation", "code"], name="option_code_per_disaggregation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DataElement(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=250)
    short_name = models.CharField(_("nom court"), max_length=60, blank=True)
    value_type = models.CharField(_("type de valeur"), max_length=12, choices=ValueType.choices)
    aggregation = models.CharField(
        _("agrégation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    unit = models.CharField(_("unité"), max_length=40, blank=True)
    description = models.TextField(_("définition"), blank=True)
    disaggregation = models.ForeignKey(
        Disaggregation,
        verbose_name=_("ventilation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="data_elements",
    )
    socle_service_code = models.CharField(_("service du socle"), max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donnée élémentaire")
        verbose_name_plural = _("données élémentaires")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_numeric(self) -> bool:
        return self.value_type not in (ValueType.TEXT, ValueType.DATE)


class Indicator(models.Model):
    """A computed indicator: numerator ÷ denominator × factor (or one data element)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=250)
    short_name = models.CharField(_("nom court"), max_length=60)
    numerator = models.ForeignKey(
        DataElement, verbose_name=_("numérateur"), on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        DataElement,
        verbose_name=_("dénominateur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    factor = models.FloatField(_("facteur"), default=1)
    unit = models.CharField(_("unité"), max_length=40, blank=True)
    socle_service_code = models.CharField(_("service du socle"), max_length=30, blank=True)
    on_dashboard = models.BooleanField(_("au tableau de bord national"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    description = models.TextField(_("définition"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ratio(self) -> bool:
        return self.denominator_id is not None


class Level(models.TextChoices):
    REGION = "region", _("Région")
    ORGANISATION = "structure", _("Structure")


class Dataset(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    period_type = models.CharField(_("périodicité"), max_length=10, choices=PERIOD_TYPES)
    level = models.CharField(
        _("niveau de saisie"), max_length=10, choices=Level.choices, default=Level.REGION
    )
    data_elements = models.ManyToManyField(
        DataElement, verbose_name=_("données"), related_name="datasets"
    )
    organisations = models.ManyToManyField(
        "acteurs.Organisation",
        verbose_name=_("structures déclarantes"),
        related_name="reporting_datasets",
        blank=True,
        help_text=_("Pour un jeu de données saisi par structure : celles qui déclarent."),
    )
    publication_threshold = models.PositiveSmallIntegerField(
        _("seuil de publication par défaut (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Le tableau de bord public s'ouvre sur la dernière période dont au moins ce "
            "pourcentage des déclarants (régions ou établissements) a ses données acceptées. "
            "100 : toutes. Un total reste dit « partiel » tant qu'il ne couvre pas tous les "
            "déclarants."
        ),
    )

    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        verbose_name = _("jeu de données")
        verbose_name_plural = _("jeux de données")

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    territory = models.ForeignKey(
        Territory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vide : cible nationale"),
    )
    period = models.CharField(_("période"), max_length=7)
    value = models.FloatField(_("cible"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cible")
        verbose_name_plural = _("cibles")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "territory", "period"], name="target_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} : {self.value}"


class CampaignQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CampaignStatus.OPEN)


class CampaignStatus(models.TextChoices):
    OPEN = "ouverte", _("Ouverte")
    CLOSED = "close", _("Fermée")


class Campaign(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="campaigns")
    period = models.CharField(_("période"), max_length=7)
    name = models.CharField(_("nom"), max_length=200)
    opens_on = models.DateField(_("ouverture"))
    deadline = models.DateField(_("date limite"))
    locks_on = models.DateField(_("verrouillage"))
    status = models.CharField(
        _("statut"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )

    history = HistoricalRecords()
    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-period", "dataset"]
        constraints = [models.UniqueConstraint(fields=["dataset", "period"], name="campaign_once")]

    def __str__(self) -> str:
        return self.name

    def display_status(self, today: datetime.date | None = None) -> str:
        """The status as its users meet it: an open campaign is "à venir" before its opening
        day and "verrouillée" after its locking day."""
        today = today or datetime.date.today()
        if self.status == CampaignStatus.OPEN:
            if today < self.opens_on:
                return _("À venir (ouverture le %s)") % self.opens_on.strftime("%d/%m/%Y")
            if today > self.locks_on:
                return _("Verrouillée")
        return self.get_status_display()


class ReportStatus(models.TextChoices):
    OPEN = "saisie", _("En saisie")
    SUBMITTED = "soumis", _("Soumis à l'ARS")
    VALIDATED = "valide", _("Validé par l'ARS")
    ACCEPTED = "accepte", _("Accepté par le niveau national")


class ReportQuerySet(ReportingQuerySet):
    """A region's reports to its regional roles; an establishment's report also to the members
    of that establishment (not to the other establishments of the region)."""


class Report(models.Model):
    """One region's (or, for a dataset entered per establishment, one organisation's) answer
    to a campaign, with its approval state."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    region = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "acteurs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_reports",
        verbose_name=_("structure déclarante"),
    )
    status = models.CharField(
        _("statut"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("première soumission"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepté le"), null=True, blank=True)
    was_accepted = models.BooleanField(_("déjà accepté une fois"), default=False)

    history = HistoricalRecords()
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        ordering = ["campaign", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "region"],
                condition=Q(organisation__isnull=True),
                name="report_once",
            ),
            models.UniqueConstraint(
                fields=["campaign", "organisation"],
                condition=Q(organisation__isnull=False),
                name="report_once_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.reporter_label}"

    def display_status(self, today: datetime.date | None = None) -> str:
        """A report "en saisie" of a campaign that has not opened yet is "pas encore ouvert"."""
        today = today or datetime.date.today()
        if self.status == ReportStatus.OPEN and today < self.campaign.opens_on:
            return _("Pas encore ouvert (saisie à partir du %s)") % self.campaign.opens_on.strftime(
                "%d/%m/%Y"
            )
        return self.get_status_display()

    @property
    def reporter_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.region.name

    @property
    def reporter_label(self) -> str:
        """The name, and an establishment's FINESS number (two sites may bear one name)."""
        if self.organisation_id and self.organisation.finess_et:
            return f"{self.organisation.name} (FINESS {self.organisation.finess_et})"
        return self.reporter_name

    def org_unit(self) -> dict:
        """The org unit of the values this report holds (as DataValue filter arguments)."""
        if self.organisation_id:
            return {"organisation_id": self.organisation_id, "territory": None}
        return {"territory_id": self.region_id, "organisation": None}

    @property
    def is_locked(self) -> bool:
        return self.status != ReportStatus.OPEN


class ReportEvent(models.Model):
    """Each step of the approval, with who, when and why: the approval never hides history."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=60)
    from_status = models.CharField(max_length=8, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=8, choices=ReportStatus.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("motif"), blank=True)
    confirmed_problems = models.TextField(
        _("alertes confirmées"),
        blank=True,
        help_text=_("Ce que la validation ou l'acceptation a confirmé malgré les alertes"),
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%d/%m/%Y}"


class DataValueQuerySet(ReportingQuerySet):
    """Values are read as their reports are (`ReportQuerySet.visible_to`)."""

    def of_reports(self, reports):
        """Values of `reports` (a Report QuerySet), read through the reports' ids given as a
        list: joined to the reports, PostgreSQL scanned the whole value table first (730 ms for
        a campaign's values at 10 million values; 1 ms through the report index)."""
        return self.filter(report_id__in=list(reports.values_list("pk", flat=True)))

    def with_published(self):
        """Annotate `published`: the value published on the dashboards and in the open data."""
        accepted = Report.objects.filter(status=ReportStatus.ACCEPTED).values("pk")
        return self.annotate(
            published=Case(When(report__in=accepted, then=F("value")), default=F("accepted_value"))
        )

    def published(self):
        return self.with_published().filter(published__isnull=False)


class DataValue(models.Model):
    """A value for (data element, option, org unit, period). The org unit is a territory
    (region, former region) or an organisation.

    Publication costs no write per value: while its report is accepted, a value is the
    published one. Unlocking a report copies its values into `accepted_value`, which stays
    published while the correction is under review (see `DataValueQuerySet.with_published`)."""

    # Few indexes and no database-level foreign keys on the org-unit columns, on purpose: this
    # table holds millions of rows and imports insert a million at a time (PostgreSQL checks
    # each deferred foreign key row by row at commit). Imports resolve every code before
    # writing, and Django still enforces on_delete=PROTECT. The unique constraints lead with
    # the period: a campaign's values then go to the end of those indexes instead of into every
    # leaf page (at 10 million values, that was half the cost of a million-value COPY on
    # PostgreSQL); region_period covers region.
    data_element = models.ForeignKey(
        DataElement, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    option = models.CharField(_("modalité"), max_length=30, blank=True, default="")
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    organisation = models.ForeignKey(
        "acteurs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    region = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
        help_text=_("Région actuelle de rattachement (consolidation)"),
    )
    period = models.CharField(_("période"), max_length=7)
    value = models.FloatField(_("valeur"), null=True, blank=True)
    text_value = models.TextField(_("valeur texte"), blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    accepted_value = models.FloatField(
        _("valeur acceptée"),
        null=True,
        blank=True,
        help_text=_("Valeur publiée pendant la correction d'un rapport déverrouillé"),
    )
    # no database-level constraint either: PostgreSQL checked it at commit, once per inserted
    # row (3 s of a million-value import); imports take the id from the campaign's own reports
    # and Django applies SET_NULL when a report goes. Indexed with its authors
    # (value_report_author): a report's values, and who entered them (told when it is
    # validated or accepted) read from the index alone
    report = models.ForeignKey(
        Report,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = DataValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("valeur")
        verbose_name_plural = _("valeurs")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "data_element", "option", "territory"],
                condition=Q(organisation__isnull=True),
                name="value_once_per_territory",
            ),
            models.UniqueConstraint(
                fields=["period", "data_element", "option", "organisation"],
                condition=Q(organisation__isnull=False),
                name="value_once_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(territory__isnull=False) | Q(organisation__isnull=False),
                name="value_has_an_org_unit",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "period", "data_element"], name="value_region_period"),
            models.Index(fields=["report", "updated_by"], name="value_report_author"),
        ]

    def __str__(self) -> str:
        return f"{self.data_element.code} {self.period} = {self.value}"


class RegionAggregate(models.Model):
    """Accepted values summed per current region, element, option and period. Maintained in the
    acceptance transaction, so dashboards show accepted data at once (no nightly rebuild)."""

    data_element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    option = models.CharField(max_length=30, blank=True, default="")
    region = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    total = models.FloatField()
    count = models.PositiveIntegerField()

    objects = RegionScopedQuerySet.as_manager()  # published figures: read by everyone

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["data_element", "option", "region", "period"], name="aggregate_once"
            )
        ]
        indexes = [models.Index(fields=["period", "data_element"], name="aggregate_period")]

    def __str__(self) -> str:
        return f"{self.data_element_id} {self.region_id} {self.period}"


class ValidationRule(models.Model):
    class Operator(models.TextChoices):
        LE = "<=", "≤"
        LT = "<", "<"
        GE = ">=", "≥"
        GT = ">", ">"
        EQ = "==", "="

    class Severity(models.TextChoices):
        ERROR = "erreur", _("Bloquante")
        WARNING = "alerte", _("Alerte")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("règle"), max_length=250)
    left = models.CharField(
        _("partie gauche"), max_length=250, help_text=_("Codes de données séparés par +")
    )
    operator = models.CharField(_("opérateur"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("partie droite"), max_length=250)
    severity = models.CharField(
        _("gravité"), max_length=6, choices=Severity.choices, default=Severity.ERROR
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("règle de validation")
        verbose_name_plural = _("règles de validation")

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    """A data-value import: who, when, which file, what it did (values created by an import are
    traced here; changes to existing values are in their own history)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("fichier"), max_length=255)
    file_format = models.CharField(_("format"), max_length=5)
    rows = models.PositiveIntegerField(_("lignes"))
    created = models.PositiveIntegerField(_("valeurs créées"))
    updated = models.PositiveIntegerField(_("valeurs modifiées"))
    unchanged = models.PositiveIntegerField(_("valeurs inchangées"))

    class Meta:
        verbose_name = _("import de données")
        verbose_name_plural = _("imports de données")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.at:%d/%m/%Y})"
