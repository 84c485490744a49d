"""Referrals to the ethics committee (the Auvergne-Rhône-Alpes charter: an organisation or a
person refers a question to the ethics committee through the COSSIS, whose secretariat — the
ARS — checks it is admissible and forwards it; the committee gives its opinion). Each step is
dated and shown to the requester."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.gouvernance.scoping import ReferralQuerySet


class ReferralStatus(models.TextChoices):
    SUBMITTED = "soumise", _("Soumise au secrétariat du COSSIS")
    FORWARDED = "transmise", _("Transmise au comité d'éthique")
    REJECTED = "irrecevable", _("Déclarée irrecevable")
    ANSWERED = "avis_rendu", _("Avis rendu")


class EthicsReferral(models.Model):
    committee = models.ForeignKey(
        "gouvernance.Body",
        verbose_name=_("comité d'éthique"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandeur"),
        on_delete=models.PROTECT,
        related_name="ethics_referrals",
    )
    requester_organisation = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("au nom de la structure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ethics_referrals",
        help_text=_("Vide : la question est posée à titre personnel."),
    )
    title = models.CharField(_("objet"), max_length=200)
    question = models.TextField(_("question posée"))
    status = models.CharField(
        _("état"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("soumise le"))
    screened_at = models.DateTimeField(_("examinée par le secrétariat le"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("examinée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    screening_note = models.TextField(_("message du secrétariat"), blank=True)
    answered_at = models.DateTimeField(_("avis rendu le"), null=True, blank=True)
    opinion = models.TextField(_("avis du comité"), blank=True)

    history = HistoricalRecords()
    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("saisine du comité d'éthique")
        verbose_name_plural = _("saisines du comité d'éthique")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title
