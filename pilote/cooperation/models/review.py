"""The national level's view across regions: similar pairs, thresholds, prior reviews."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import RegionScopedQuerySet


class PairVerdict(models.TextChoices):
    POSSIBLE = "possible", _("Coopération possible")
    COORDINATED = "coordonnes", _("Déjà coordonnés")
    UNRELATED = "sans-rapport", _("Sans rapport")


class PairQuerySet(RegionScopedQuerySet):
    region_field = "first__region"


class SimilarPair(models.Model):
    """The national level's verdict on two similar projects of two regions (first.pk <
    second.pk). A pair marked "sans rapport" is never proposed again."""

    first = models.ForeignKey("portefeuille.Project", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("portefeuille.Project", on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("avis"), max_length=12, choices=PairVerdict.choices)
    score = models.FloatField(_("score"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("paire de projets similaires")
        verbose_name_plural = _("paires de projets similaires")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="similar_pair_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="similar_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} / {self.second}"


class ReviewThreshold(models.Model):
    """Above this estimated budget, a project of the year needs the national prior review
    before any financial commitment, and its cooperation sheet is always shared."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    amount = models.DecimalField(_("seuil (€)"), max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seuil de revue nationale")
        verbose_name_plural = _("seuils de revue nationale")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} : {self.amount} €"


class ReviewDecision(models.TextChoices):
    ALONE = "seule", _("Poursuivre seule")
    COOPERATION = "cooperation", _("Poursuivre en coopération")
    REUSE = "reutilisation", _("Réutiliser une solution existante")
    POSTPONE = "report", _("Reporter")


class ReviewQuerySet(RegionScopedQuerySet):
    region_field = "project__region"


class PriorReview(models.Model):
    """The national prior review of a project of budgetary or strategic importance (instruction
    of 2017, § IV: "incluant la recherche de coopérations et de mutualisations de moyens avec
    les autres régions"). The latest review of a project holds."""

    project = models.ForeignKey(
        "portefeuille.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="prior_reviews",
    )
    cooperation_potential = models.TextField(_("potentiel de coopération évalué"))
    similar_projects = models.ManyToManyField(
        "portefeuille.Project",
        verbose_name=_("projets similaires examinés"),
        blank=True,
        related_name="+",
    )
    decision = models.CharField(_("décision"), max_length=14, choices=ReviewDecision.choices)
    partner_regions = models.ManyToManyField(
        "territoires.Territory",
        verbose_name=_("en coopération avec les régions"),
        blank=True,
        related_name="+",
    )
    reused_solution = models.CharField(_("solution réutilisée"), max_length=200, blank=True)
    note = models.TextField(_("motifs"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_on = models.DateField(_("date de la revue"))

    history = HistoricalRecords(m2m_fields=[similar_projects, partner_regions])
    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("revue nationale préalable")
        verbose_name_plural = _("revues nationales préalables")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} — {self.get_decision_display()}"
