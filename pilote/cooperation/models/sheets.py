"""What a region shares with the others: the cooperation sheet of a project, its needs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import SharedQuerySet


class BudgetBand(models.TextChoices):
    UNDER_100K = "lt100k", _("moins de 100 k€")
    TO_500K = "100k-500k", _("100 k€ à 500 k€")
    TO_1M = "500k-1m", _("500 k€ à 1 M€")
    TO_5M = "1m-5m", _("1 M€ à 5 M€")
    OVER_5M = "gt5m", _("plus de 5 M€")


class SheetQuerySet(SharedQuerySet):
    region_field = "project__region"


class CooperationSheet(models.Model):
    """The part of a project that every region reads (issue 13 § 2): the project's title,
    description, socle services, phase and MOA, and what this sheet adds. The rest of the
    project (its page, risks, documents, health, funding) stays with its region."""

    project = models.OneToOneField(
        "portefeuille.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="cooperation_sheet",
    )
    shared = models.BooleanField(
        _("partagée avec les autres régions"),
        default=True,
        help_text=_("Toujours partagée quand le budget dépasse le seuil national."),
    )
    target_users = models.CharField(_("utilisateurs cibles"), max_length=255, blank=True)
    budget_band = models.CharField(
        _("tranche de budget"), max_length=10, choices=BudgetBand.choices, blank=True
    )
    estimated_budget = models.DecimalField(
        _("budget estimé (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    solution = models.CharField(
        _("solution ou éditeur"), max_length=200, blank=True, help_text=_("Par exemple : Omnidoc")
    )
    referent_function = models.CharField(
        _("référent (fonction)"),
        max_length=200,
        blank=True,
        help_text=_("Une fonction, pas une personne : « chef de projet télémédecine du GRADeS »."),
    )
    referent_contact = models.EmailField(
        _("adresse du référent"),
        blank=True,
        help_text=_(
            "Seulement si l'ARS choisit de la publier (une adresse de service de préférence)."
        ),
    )
    strategic = models.BooleanField(
        _("projet stratégique"),
        default=False,
        help_text=_("Soumis à la revue nationale préalable, quel que soit son budget."),
    )

    history = HistoricalRecords()
    objects = SheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche de coopération")
        verbose_name_plural = _("fiches de coopération")

    def __str__(self) -> str:
        return str(self.project)


class NeedStatus(models.TextChoices):
    OPEN = "ouvert", _("Ouvert")
    PROJECT = "projet", _("Devenu un projet")
    CLOSED = "clos", _("Clos")


def _logged_in(user) -> bool:
    from pilote.comptes.access import access_for

    access = access_for(user)
    return access.is_national or bool(access.roles)


class NeedQuerySet(SharedQuerySet):
    """A need is declared for the other regions to read: every logged-in user reads it."""

    def visible_to(self, user):
        return self.all() if _logged_in(user) else self.none()


class Need(models.Model):
    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        related_name="cooperation_needs",
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"))
    socle_service = models.ForeignKey(
        "cadre.SocleService",
        verbose_name=_("service du socle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    horizon = models.PositiveSmallIntegerField(
        _("horizon (année)"), null=True, blank=True, help_text=_("Année visée, par exemple 2027.")
    )
    budget_band = models.CharField(
        _("tranche de budget"), max_length=10, choices=BudgetBand.choices, blank=True
    )
    status = models.CharField(
        _("statut"), max_length=8, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    project = models.ForeignKey(
        "portefeuille.Project",
        verbose_name=_("projet issu du besoin"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cooperation_needs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("déclaré le"), auto_now_add=True)

    history = HistoricalRecords()
    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class NeedEcho(models.Model):
    """Another region says "nous aussi" to a need, with its own context."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="echoes")
    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    context = models.TextField(_("notre contexte"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("« nous aussi »")
        verbose_name_plural = _("« nous aussi »")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "region"],
                name="need_echo_once_per_region",
                violation_error_message=_("Votre région a déjà dit « nous aussi » à ce besoin."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} — {self.region}"
