"""Governance bodies, their seats, and the charter organisations adhere to.

Sources: instruction of 2017 (the regional concertation, the GRADeS deliberative body),
instruction of 2016 (national strategic committee twice a year, operational committee
quarterly), the Auvergne-Rhône-Alpes charter (COSSIS, CASSIS, ethics committee, adhesion act for
five years, withdrawal at any time on written request). A member who leaves keeps their seat
with an end date: the composition at any date is read, never rewritten."""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.gouvernance.scoping import BodyScopedQuerySet


class BodyKind(models.TextChoices):
    COSSIS = "cossis", _("COSSIS (comité stratégique régional des systèmes d'information de santé)")
    CASSIS = "cassis", _("CASSIS (comité territorial)")
    GRADES_ASSEMBLY = "ag_grades", _("Assemblée générale du GRADeS")
    BOARD = "conseil", _("Instance délibérante du GRADeS")
    PROJECT_COMMITTEE = "copil", _("Comité de pilotage de projet")
    CONSULTATIVE = "consultatif", _("Comité consultatif")
    ETHICS = "ethique", _("Comité d'éthique")
    NATIONAL_STRATEGIC = "strategique_national", _("Comité stratégique national")
    NATIONAL_OPERATIONAL = "operationnel_national", _("Comité opérationnel national")
    WORKING_GROUP = "groupe_travail", _("Groupe de travail")


class Scope(models.TextChoices):
    NATION = "nation", _("National")
    REGION = "region", _("Régional")
    TERRITORY = "territoire", _("Territoire infra-régional")
    PROJECT = "projet", _("Projet")


class SecondConvocation(models.TextChoices):
    NO_QUORUM = "sans_quorum", _("Délibère sans condition de quorum")
    LOWER_QUORUM = "quorum_reduit", _("Délibère avec un quorum réduit")
    SAME_QUORUM = "meme_quorum", _("Même quorum qu'en première convocation")


class Body(models.Model):
    """A governance body: its kind, what it covers, and its rules of deliberation."""

    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(_("nature"), max_length=24, choices=BodyKind.choices)
    scope = models.CharField(_("périmètre"), max_length=12, choices=Scope.choices)
    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        help_text=_("Vide pour une instance nationale."),
    )
    territory = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="territory_bodies",
    )
    project = models.ForeignKey(
        "portefeuille.Project",
        verbose_name=_("projet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
    )
    is_public = models.BooleanField(_("instance publique"), default=False)
    meetings_per_year = models.PositiveSmallIntegerField(_("réunions par an"), default=2)
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum : numérateur"), default=1)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum : dénominateur"), default=2, validators=[MinValueValidator(1)]
    )
    proxies_allowed = models.BooleanField(_("procurations admises"), default=True)
    max_proxies_per_holder = models.PositiveSmallIntegerField(
        _("procurations au plus par membre"), default=1
    )
    second_convocation = models.CharField(
        _("seconde convocation"),
        max_length=16,
        choices=SecondConvocation.choices,
        default=SecondConvocation.NO_QUORUM,
    )
    second_quorum_numerator = models.PositiveSmallIntegerField(
        _("quorum réduit : numérateur"), default=1
    )
    second_quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum réduit : dénominateur"), default=3, validators=[MinValueValidator(1)]
    )
    secretariat = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("secrétariat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="secretariats",
    )

    history = HistoricalRecords()
    objects = BodyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="nation", region__isnull=True)
                | (~Q(scope="nation") & Q(region__isnull=False)),
                name="body_national_has_no_region",
                violation_error_message=_(
                    "Une instance nationale n'a pas de région ; une autre en a une."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def quorum_label(self) -> str:
        return f"{self.quorum_numerator}/{self.quorum_denominator}"


class SeatQuerySet(BodyScopedQuerySet):
    body_path = "body__"

    def active_on(self, day: datetime.date):
        """The seats held on `day` (a member who left is still there for earlier days)."""
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class College(models.TextChoices):
    INSTITUTIONS = "institutions", _("Institutions")
    HOSPITALS = "etablissements", _("Établissements de santé")
    PRIVATE_PRACTICE = "liberaux", _("Professionnels libéraux")
    MEDICO_SOCIAL = "medico_social", _("Médico-social")
    USERS = "usagers", _("Usagers")
    OPERATORS = "operateurs", _("Opérateurs e-santé")
    QUALIFIED = "personnalites", _("Personnalités qualifiées")


class Seat(models.Model):
    """A seat on a body, held by an organisation through a titular and a substitute."""

    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.PROTECT, related_name="seats"
    )
    organisation = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="seats",
    )
    college = models.CharField(_("collège"), max_length=16, choices=College.choices)
    titular = models.CharField(_("titulaire"), max_length=200)
    titular_email = models.EmailField(_("courriel du titulaire"), blank=True)
    substitute = models.CharField(_("suppléant"), max_length=200, blank=True)
    substitute_email = models.EmailField(_("courriel du suppléant"), blank=True)
    voting = models.BooleanField(_("voix délibérative"), default=True)
    starts_on = models.DateField(_("début du mandat"))
    ends_on = models.DateField(_("fin du mandat"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("siège")
        verbose_name_plural = _("sièges")
        ordering = ["college", "organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="seat_ends_after_start",
                violation_error_message=_("La fin du mandat précède son début."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.titular}"


class CharterQuerySet(BodyScopedQuerySet):
    body_path = "body__"


class Charter(models.Model):
    """The charter a body's members adhere to (the ARA charter: five years)."""

    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.PROTECT, related_name="charters"
    )
    title = models.CharField(_("titre"), max_length=200)
    version = models.CharField(_("version"), max_length=20)
    text = models.TextField(_("texte"), blank=True)
    adopted_on = models.DateField(_("adoptée le"))
    duration_years = models.PositiveSmallIntegerField(
        _("durée d'adhésion (années)"), default=5, validators=[MinValueValidator(1)]
    )

    history = HistoricalRecords()
    objects = CharterQuerySet.as_manager()

    class Meta:
        verbose_name = _("charte")
        verbose_name_plural = _("chartes")
        ordering = ["-adopted_on"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class AdhesionQuerySet(BodyScopedQuerySet):
    body_path = "charter__body__"

    def in_force_on(self, day: datetime.date):
        """The adhesions in force on `day`: signed, not yet expired, not withdrawn."""
        return self.filter(signed_on__lte=day, expires_on__gt=day).filter(
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)
        )


class Adhesion(models.Model):
    """An organisation's adhesion act to a charter; withdrawn at any time on written request."""

    charter = models.ForeignKey(
        Charter, verbose_name=_("charte"), on_delete=models.PROTECT, related_name="adhesions"
    )
    organisation = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="adhesions",
    )
    signatory = models.CharField(_("signataire"), max_length=200)
    signatory_function = models.CharField(_("fonction du signataire"), max_length=200)
    signed_on = models.DateField(_("signée le"))
    expires_on = models.DateField(_("expire le"))
    scan = models.FileField(_("acte signé (scan)"), upload_to="gouvernance/adhesions/", blank=True)
    withdrawal_requested_on = models.DateField(_("retrait demandé le"), null=True, blank=True)
    withdrawn_on = models.DateField(_("retrait effectif le"), null=True, blank=True)
    withdrawal_letter = models.FileField(
        _("courrier de retrait"), upload_to="gouvernance/retraits/", blank=True
    )

    history = HistoricalRecords()
    objects = AdhesionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        ordering = ["organisation__name", "signed_on"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.charter}"


from pilote.gouvernance.models_appointments import (  # noqa: E402, F401
    AppointmentKind,
    DirectorAppointment,
)
from pilote.gouvernance.models_calendar import CalendarToken  # noqa: E402, F401
from pilote.gouvernance.models_meetings import (  # noqa: E402, F401
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MinutesStatus,
    Presence,
    Recusal,
)
from pilote.gouvernance.models_referrals import (  # noqa: E402, F401
    EthicsReferral,
    ReferralStatus,
)
from pilote.gouvernance.models_review import PortfolioReview  # noqa: E402, F401
