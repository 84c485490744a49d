"""The cadre commun des projets e-santé: one version a year (socle, référentiels, principles)
and the yearly evolution cycle (request → operational committee → strategic committee)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.core.constraints import FieldConstraintErrors, on_field


class VersionStatus(models.TextChoices):
    DRAFT = "brouillon", _("En préparation")
    PUBLISHED = "publiee", _("Publiée")


class FrameworkVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=VersionStatus.PUBLISHED)

    def in_force(self, year: int | None = None):
        """The published version in force in `year` (the latest published one by default)."""
        qs = self.published()
        if year is not None:
            qs = qs.filter(year__lte=year)
        return qs.order_by("-year").first()


class FrameworkVersion(models.Model):
    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    label = models.CharField(_("intitulé"), max_length=200)
    status = models.CharField(
        _("statut"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("version d'origine"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publiée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes de version"), blank=True)

    history = HistoricalRecords()
    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version du cadre commun")
        verbose_name_plural = _("versions du cadre commun")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.label} ({self.year})"

    @property
    def is_frozen(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Purpose(models.TextChoices):
    ECHANGE = "echange", _("Échange sécurisé de données de santé")
    PARTAGE = "partage", _("Partage de données de santé")
    ORIENTATION = "orientation", _("Connaissance de l'offre et orientation des patients")
    DISTANCE = "distance", _("Prise en charge à distance et coordonnée")
    COORDINATION = "coordination", _("Coordination des parcours")


class SocleService(FieldConstraintErrors, models.Model):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="socle_services"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("nom"), max_length=200)
    purpose = models.CharField(_("finalité"), max_length=15, choices=Purpose.choices)
    national_owner = models.CharField(_("maîtrise d'ouvrage nationale"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service du socle commun")
        verbose_name_plural = _("services du socle commun")
        ordering = ["version", "purpose", "code"]
        constraints = [
            on_field(
                models.UniqueConstraint(
                    fields=["version", "code"],
                    name="socle_service_code_per_version",
                    violation_error_message=_("Un autre service de cette version porte ce code."),
                ),
                "code",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReferentielKind(models.TextChoices):
    EXIGENCE = "exigence", _("Exigence technique ou réglementaire")
    DONNEES = "donnees", _("Source de données")
    INFRASTRUCTURE = "infrastructure", _("Service d'infrastructure")


class Referentiel(FieldConstraintErrors, models.Model):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="referentiels"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=15, choices=ReferentielKind.choices)
    availability = models.CharField(_("disponibilité"), max_length=200, blank=True)
    evolution_plan = models.TextField(_("plan d'évolution"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("référentiel")
        verbose_name_plural = _("référentiels")
        ordering = ["version", "kind", "code"]
        constraints = [
            on_field(
                models.UniqueConstraint(
                    fields=["version", "code"],
                    name="referentiel_code_per_version",
                    violation_error_message=_(
                        "Un autre référentiel de cette version porte ce code."
                    ),
                ),
                "code",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Principle(FieldConstraintErrors, models.Model):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="principles"
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("principe"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("principe de conduite de projet")
        verbose_name_plural = _("principes de conduite de projet")
        ordering = ["version", "number"]
        constraints = [
            on_field(
                models.UniqueConstraint(
                    fields=["version", "number"],
                    name="principle_number_per_version",
                    violation_error_message=_(
                        "Un autre principe de cette version porte ce numéro."
                    ),
                ),
                "number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def code(self) -> str:
        return f"P{self.number:02d}"


class Component(models.TextChoices):
    SOCLE = "socle", _("Service du socle")
    REFERENTIEL = "referentiel", _("Référentiel")
    PRINCIPLE = "principe", _("Principe")


class ChangeAction(models.TextChoices):
    ADD = "ajout", _("Ajout")
    MODIFY = "modification", _("Modification")
    REMOVE = "retrait", _("Retrait")


class RequestStatus(models.TextChoices):
    SUBMITTED = "deposee", _("Déposée")
    EXAMINED = "instruite", _("Instruite par le comité opérationnel")
    VALIDATED = "validee", _("Validée par le comité stratégique")
    REFUSED = "refusee", _("Refusée")
    APPLIED = "integree", _("Intégrée dans une version")


class EvolutionRequest(models.Model):
    """A request to change the framework, from a region or a working group."""

    title = models.CharField(_("objet"), max_length=200)
    rationale = models.TextField(_("motivation"))
    component = models.CharField(_("volet"), max_length=12, choices=Component.choices)
    action = models.CharField(_("nature"), max_length=12, choices=ChangeAction.choices)
    target_code = models.CharField(
        _("code visé"),
        max_length=30,
        help_text=_("Code du service ou du référentiel, ou numéro du principe."),
    )
    proposed_name = models.CharField(_("intitulé proposé"), max_length=200, blank=True)
    proposed_description = models.TextField(_("description proposée"), blank=True)
    proposed_category = models.CharField(
        _("finalité ou nature proposée"),
        max_length=15,
        blank=True,
        help_text=_("Finalité d'un service du socle ou nature d'un référentiel."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposée par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("structure d'origine"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    origin_label = models.CharField(
        _("origine"), max_length=200, blank=True, help_text=_("Région ou groupe de travail")
    )
    submitted_at = models.DateTimeField(_("déposée le"), auto_now_add=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    operational_opinion = models.TextField(_("avis du comité opérationnel"), blank=True)
    examined_at = models.DateTimeField(_("instruite le"), null=True, blank=True)
    strategic_decision = models.TextField(_("décision du comité stratégique"), blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    applied_in = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("intégrée dans"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applied_requests",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("demande d'évolution du cadre")
        verbose_name_plural = _("demandes d'évolution du cadre")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.title
