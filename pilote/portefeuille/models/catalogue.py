"""The public regional catalogue of digital services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import RegionScopedQuerySet
from pilote.portefeuille.models.project import Project
from pilote.territoires.models import Territory


class ServiceStatus(models.TextChoices):
    DEPLOYMENT = "deploiement", _("En déploiement")
    PRODUCTION = "production", _("En production")
    RETIRED = "retire", _("Retiré")


class CatalogueQuerySet(RegionScopedQuerySet):
    def published(self):
        return self.filter(is_published=True).exclude(status=ServiceStatus.RETIRED)


class DigitalService(models.Model):
    """An entry of a region's public catalogue of digital services."""

    region = models.ForeignKey(
        Territory,
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        related_name="digital_services",
    )
    project = models.OneToOneField(
        Project,
        verbose_name=_("projet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalogue_entry",
    )
    name = models.CharField(_("service"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    operator = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("opérateur"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    socle_service = models.ForeignKey(
        "cadre.SocleService",
        verbose_name=_("service du socle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    for_professionals = models.BooleanField(_("pour les professionnels"), default=True)
    for_patients = models.BooleanField(_("pour les patients"), default=False)
    for_citizens = models.BooleanField(_("pour les citoyens"), default=False)
    access_point = models.URLField(_("point d'accès"), blank=True)
    territories = models.ManyToManyField(
        Territory, verbose_name=_("territoires couverts"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.PRODUCTION
    )
    is_published = models.BooleanField(_("publié"), default=True)

    history = HistoricalRecords()
    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("service numérique du catalogue")
        verbose_name_plural = _("catalogue des services numériques")
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audiences(self) -> list[str]:
        """Whom the service is for, as the public catalogue lists them."""
        return [
            str(label)
            for flag, label in (
                (self.for_professionals, _("professionnels")),
                (self.for_patients, _("patients")),
                (self.for_citizens, _("citoyens")),
            )
            if flag
        ]
