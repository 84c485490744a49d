"""The GRADeS director's appointment and revocation by its deliberative body (instruction of
2017, § I.C: the director is appointed and revoked by the deliberative body with the ARS
director-general's agreement). The agreement is recorded with the decision; without it the
service refuses the decision."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.gouvernance.models import Body
from pilote.gouvernance.scoping import BodyScopedQuerySet


class AppointmentKind(models.TextChoices):
    APPOINTMENT = "nomination", _("Nomination")
    REVOCATION = "revocation", _("Révocation")


class AppointmentQuerySet(BodyScopedQuerySet):
    body_path = "body__"


class DirectorAppointment(models.Model):
    body = models.ForeignKey(
        Body,
        verbose_name=_("instance délibérante"),
        on_delete=models.PROTECT,
        related_name="director_appointments",
    )
    kind = models.CharField(_("nature"), max_length=12, choices=AppointmentKind.choices)
    director = models.CharField(_("directeur ou directrice"), max_length=200)
    decided_on = models.DateField(_("délibération du"))
    meeting = models.ForeignKey(
        "gouvernance.Meeting",
        verbose_name=_("réunion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="director_appointments",
    )
    ars_agreement_on = models.DateField(
        _("accord du directeur général de l'ARS le"), null=True, blank=True
    )
    ars_agreement_reference = models.CharField(
        _("référence de l'accord"), max_length=200, blank=True
    )

    history = HistoricalRecords()
    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination du directeur")
        verbose_name_plural = _("nominations du directeur")
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.director}"
