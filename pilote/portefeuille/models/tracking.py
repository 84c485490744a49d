"""What is tracked on a project: staff, milestones, risks, documents, gates, compliance."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.core.choices import ChoiceLabels
from pilote.portefeuille.models.project import Phase, Project
from pilote.portefeuille.models.strategy import Strategy


class StaffProfile(models.TextChoices):
    CHEF_PROJET = "chef_projet", _("Chef de projet")
    MOA = "moa", _("Chargé de MOA / métier")
    TECHNIQUE = "technique", _("Profil technique")
    DEPLOIEMENT = "deploiement", _("Chargé de déploiement / formateur")
    AUTRE = "autre", _("Autre")


class Staffing(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="staffing")
    profile = models.CharField(_("profil"), max_length=12, choices=StaffProfile.choices)
    year = models.PositiveSmallIntegerField(_("année"))
    fte = models.DecimalField(_("ETP"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ressource (ETP)")
        verbose_name_plural = _("ressources (ETP)")
        ordering = ["year", "profile"]

    def __str__(self) -> str:
        return f"{self.get_profile_display()} {self.year} : {self.fte} ETP"


def late_milestone_q(today: datetime.date | None = None) -> Q:
    """The one rule of a late milestone, used by every page, list and count: not reached yet
    (no actual date), of a project that is not stopped, and either its forecast is after its
    planned date (a slip announced) or its planned date or its forecast is past. A forecast
    equal to the planned date is on time; a reached milestone is no longer late."""
    today = today or datetime.date.today()
    return (
        Q(actual_on__isnull=True)
        & ~Q(project__phase=Phase.ARRETE)
        & (Q(forecast_on__gt=F("planned_on")) | Q(planned_on__lt=today) | Q(forecast_on__lt=today))
    )


class MilestoneQuerySet(models.QuerySet):
    def late(self, today: datetime.date | None = None):
        return self.filter(late_milestone_q(today))

    def with_lateness(self, today: datetime.date | None = None):
        """Each milestone with `is_late` (`late_milestone_q`) computed by the database."""
        return self.annotate(
            is_late=ExpressionWrapper(late_milestone_q(today), output_field=models.BooleanField())
        )


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("jalon"), max_length=200)
    planned_on = models.DateField(_("date prévue"))
    forecast_on = models.DateField(_("date prévisionnelle"), null=True, blank=True)
    actual_on = models.DateField(_("date réelle"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["planned_on"]

    def __str__(self) -> str:
        return self.title


class RiskStatus(models.TextChoices):
    OPEN = "ouvert", _("Ouvert")
    CLOSED = "clos", _("Clos")


class Risk(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(_("risque"), max_length=200)
    probability = models.PositiveSmallIntegerField(
        _("probabilité (1 à 4)"), choices=[(i, str(i)) for i in range(1, 5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1 à 4)"), choices=[(i, str(i)) for i in range(1, 5)]
    )
    owner = models.CharField(_("responsable"), max_length=200, blank=True)
    mitigation = models.TextField(_("mesures de maîtrise"), blank=True)
    status = models.CharField(
        _("statut"), max_length=8, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risque")
        verbose_name_plural = _("risques")
        ordering = ["status", "-probability", "-impact"]

    def __str__(self) -> str:
        return self.title

    @property
    def criticality(self) -> int:
        return self.probability * self.impact


class DocumentKind(models.TextChoices):
    NOTE_CADRAGE = "note_cadrage", _("Note de cadrage")
    OPPORTUNITE = "opportunite", _("Étude d'opportunité")
    STRATEGIE = "strategie", _("Document de stratégie")
    AUTRE = "autre", _("Autre document")


class Document(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("type de document"), max_length=15, choices=DocumentKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to="documents/%Y/", blank=True)
    url = models.URLField(_("lien"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(strategy__isnull=False),
                name="document_has_an_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class GateStatus(models.TextChoices):
    REQUESTED = "demandee", _("Demandée")
    APPROVED = "approuvee", _("Approuvée")
    REFUSED = "refusee", _("Refusée")


class GateDecision(ChoiceLabels, models.Model):
    """A request to move a project to another phase, and the decision taken on it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gates")
    from_phase = models.CharField(_("phase de départ"), max_length=16, choices=Phase.choices)
    to_phase = models.CharField(_("phase demandée"), max_length=16, choices=Phase.choices)
    status = models.CharField(
        _("statut"), max_length=10, choices=GateStatus.choices, default=GateStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    request_note = models.TextField(_("justification de la demande"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decision_basis = models.TextField(_("fondement de la décision"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("décision de passage de phase")
        verbose_name_plural = _("décisions de passage de phase")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="demandee"),
                name="one_pending_gate_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_phase_display()} → {self.get_to_phase_display()}"


class ComplianceItem(models.Model):
    """One line of a project's checklist against the framework version in force."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="compliance")
    referentiel = models.ForeignKey(
        "cadre.Referentiel", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    principle = models.ForeignKey(
        "cadre.Principle", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applicable = models.BooleanField(_("applicable"), null=True)
    met = models.BooleanField(_("respecté"), null=True)
    evidence = models.CharField(_("preuve"), max_length=255, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("point de conformité")
        verbose_name_plural = _("points de conformité")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(referentiel__isnull=False) & Q(principle__isnull=True))
                | (Q(referentiel__isnull=True) & Q(principle__isnull=False)),
                name="compliance_one_target",
            ),
            models.UniqueConstraint(fields=["project", "referentiel"], name="compliance_ref_once"),
            models.UniqueConstraint(
                fields=["project", "principle"], name="compliance_principle_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.target)

    @property
    def target(self):
        return self.referentiel or self.principle
