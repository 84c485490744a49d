"""The territory tree (nation → region → département → infra-regional area), versioned in time."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    NATION = "nation", _("Nation")
    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")
    INFRA = "infra", _("Territoire infrarégional")


class Zone(models.TextChoices):
    METRO = "metro", _("Métropole")
    DROM = "drom", _("Outre-mer (DROM)")
    COM = "com", _("Collectivité d'outre-mer")


class InfraKind(models.TextChoices):
    CASSIS = "cassis", _("Territoire CASSIS")
    GHT = "ght", _("Groupement hospitalier de territoire")
    DEMOCRATIE_SANITAIRE = "tds", _("Territoire de démocratie sanitaire")
    OTHER = "autre", _("Autre territoire")


def _valid_on_q(day: datetime.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def is_valid_on(obj, day: datetime.date) -> bool:
    """The same rule as `_valid_on_q`, for an object already in memory."""
    return (obj.valid_from is None or obj.valid_from <= day) and (
        obj.valid_to is None or obj.valid_to >= day
    )


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(_valid_on_q(day))

    def current(self):
        return self.valid_on(datetime.date.today())


class TerritoryQuerySet(ValidityQuerySet):
    def regions(self):
        return self.filter(level=Level.REGION)

    def ars_regions(self):
        """Regions that have an ARS of their own (metropolitan and overseas départements)."""
        return self.regions().filter(zone__in=[Zone.METRO, Zone.DROM])

    def departements(self):
        return self.filter(level=Level.DEPARTEMENT)

    def visible_to(self, user):
        """Regions (and their territories) `user` reads: every one for national roles, the
        regions of their organisations otherwise. Applies to regions and to territories whose
        parent is a region (départements, infra-regional areas)."""
        from pilote.comptes.scoping import readable_region_ids

        ids = readable_region_ids(user)
        if ids is None:
            return self
        return self.filter(Q(pk__in=ids) | Q(parent_id__in=ids))


class Territory(models.Model):
    level = models.CharField(_("niveau"), max_length=12, choices=Level.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("nom"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("territoire parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    former_parent = models.ForeignKey(
        "self",
        verbose_name=_("région avant le 1er janvier 2016"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="former_children",
        help_text=_("Pour un département : sa région de 2011 à 2015."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("territoire successeur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("Le territoire qui reprend celui-ci à la fin de sa validité."),
    )
    departements = models.ManyToManyField(
        "self",
        verbose_name=_("départements couverts"),
        blank=True,
        symmetrical=False,
        related_name="infra_territories",
    )
    zone = models.CharField(_("zone"), max_length=5, choices=Zone.choices, blank=True)
    infra_kind = models.CharField(
        _("type de territoire"), max_length=10, choices=InfraKind.choices, blank=True
    )
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    valid_from = models.DateField(_("valide à partir du"), null=True, blank=True)
    valid_to = models.DateField(_("valide jusqu'au"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[departements])
    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"], name="territory_unique_code_per_period"
            ),
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_from__isnull=True),
                name="territory_unique_code_without_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="territory_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["level", "code"], name="territory_level_code")]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class ArsAreaQuerySet(ValidityQuerySet):
    pass


class ArsArea(models.Model):
    """The area an ARS covers: not always one region (ARS Océan Indien until 2019)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    regions = models.ManyToManyField(
        Territory, verbose_name=_("régions couvertes"), related_name="ars_areas"
    )
    valid_from = models.DateField(_("valide à partir du"), null=True, blank=True)
    valid_to = models.DateField(_("valide jusqu'au"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[regions])
    objects = ArsAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("ressort d'ARS")
        verbose_name_plural = _("ressorts d'ARS")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
