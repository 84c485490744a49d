"""Projects of the regional portfolio."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import CarriedQuerySet
from pilote.core.choices import ChoiceLabels
from pilote.core.constraints import FieldConstraintErrors, on_field
from pilote.portefeuille.models.strategy import Programme
from pilote.territoires.models import Territory


class Phase(models.TextChoices):
    IDEE = "idee", _("Idée")
    OPPORTUNITE = "opportunite", _("Étude d'opportunité")
    CADRAGE = "cadrage", _("Cadrage")
    REALISATION = "realisation", _("Réalisation")
    EXPERIMENTATION = "experimentation", _("Expérimentation")
    DEPLOIEMENT = "deploiement", _("Déploiement")
    PRODUCTION = "production", _("Généralisation / production")
    ARRETE = "arrete", _("Arrêté")


PHASE_ORDER = [
    Phase.IDEE,
    Phase.OPPORTUNITE,
    Phase.CADRAGE,
    Phase.REALISATION,
    Phase.EXPERIMENTATION,
    Phase.DEPLOIEMENT,
    Phase.PRODUCTION,
]


class Impulsion(models.TextChoices):
    NATIONAL = "nationale", _("Nationale")
    ARS = "ars", _("ARS")
    MEMBRES = "membres", _("Membres du GRADeS")
    LOCAL = "locale", _("Locale")


class Health(models.TextChoices):
    ON_TRACK = "ok", _("Conforme")
    AT_RISK = "risque", _("À risque")
    OFF_TRACK = "derive", _("En dérive")


class TargetUsers(models.TextChoices):
    PROFESSIONALS = "professionnels", _("Professionnels")
    PATIENTS = "patients", _("Patients")
    CITIZENS = "citoyens", _("Citoyens")


class ProjectQuerySet(CarriedQuerySet):
    """`visible_to`: projects of the user's region(s) and those carried with them;
    `carried_in(region)`: a region's portfolio (its projects and those it co-carries)."""

    def in_production(self):
        return self.filter(phase=Phase.PRODUCTION)


class Project(ChoiceLabels, FieldConstraintErrors, models.Model):
    region = models.ForeignKey(
        Territory, verbose_name=_("région"), on_delete=models.PROTECT, related_name="projects"
    )
    other_regions = models.ManyToManyField(
        Territory, verbose_name=_("autres régions"), blank=True, related_name="shared_projects"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    moa = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("maîtrise d'ouvrage (MOA)"),
        on_delete=models.PROTECT,
        related_name="moa_projects",
    )
    moa_delegate = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("MOA déléguée"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegated_projects",
    )
    amoa = models.ManyToManyField(
        "acteurs.Organisation", verbose_name=_("AMOA"), blank=True, related_name="amoa_projects"
    )
    moe = models.ManyToManyField(
        "acteurs.Organisation",
        verbose_name=_("maîtrise d'œuvre (MOE)"),
        blank=True,
        related_name="moe_projects",
    )
    porteur = models.CharField(
        _("porteur"), max_length=200, blank=True, help_text=_("Personne qui porte le projet")
    )
    impulsion = models.CharField(_("impulsion"), max_length=10, choices=Impulsion.choices)
    socle_services = models.ManyToManyField(
        "cadre.SocleService",
        verbose_name=_("services du socle"),
        blank=True,
        related_name="projects",
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.IDEE)
    target_professionals = models.BooleanField(_("cible : professionnels"), default=True)
    target_patients = models.BooleanField(_("cible : patients"), default=False)
    target_citizens = models.BooleanField(_("cible : citoyens"), default=False)
    target_description = models.CharField(_("utilisateurs cibles"), max_length=255, blank=True)
    health = models.CharField(
        _("météo"), max_length=8, choices=Health.choices, default=Health.ON_TRACK
    )
    health_reason = models.CharField(_("motif de la météo"), max_length=255, blank=True)
    converged_into = models.ForeignKey(
        "self",
        verbose_name=_("remplacé par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed_projects",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[socle_services])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["region", "code"]
        constraints = [
            on_field(
                models.UniqueConstraint(
                    fields=["region", "code"],
                    name="project_code_per_region",
                    violation_error_message=_(
                        "Un autre projet de la région porte déjà ce code : choisissez-en un autre."
                    ),
                ),
                "code",
            ),
            on_field(
                models.CheckConstraint(
                    condition=~Q(health__in=["risque", "derive"]) | ~Q(health_reason=""),
                    name="project_health_reason",
                    violation_error_message=_(
                        "Indiquez le motif de la météo quand le projet est à risque ou en dérive."
                    ),
                ),
                "health_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "phase"], name="project_region_phase"),
            models.Index(fields=["region", "health"], name="project_region_health"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("portefeuille:project", args=[self.pk])

    @property
    def target_labels(self) -> list[str]:
        return [
            str(label)
            for flag, label in (
                (self.target_professionals, TargetUsers.PROFESSIONALS.label),
                (self.target_patients, TargetUsers.PATIENTS.label),
                (self.target_citizens, TargetUsers.CITIZENS.label),
            )
            if flag
        ]

    @property
    def is_stopped(self) -> bool:
        return self.phase == Phase.ARRETE

    @property
    def health_label(self) -> str:
        """The health a reader sees: a stopped project has none, it is stopped."""
        return str(_("Projet arrêté")) if self.is_stopped else self.get_health_display()
