"""Who opted out of which e-mail, and which deadline reminders were sent (so that a second run
of `send_reminders` sends nothing)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.scoping import RegionScopedQuerySet


class Kind(models.TextChoices):
    REPORT_SUBMITTED = "rapport_soumis", _("Un rapport de ma région est soumis à l'ARS")
    REPORT_RETURNED = (
        "rapport_renvoye",
        _("Mon rapport est renvoyé ou déverrouillé pour correction"),
    )
    REPORT_VALIDATED = "rapport_valide", _("Mon rapport est validé par l'ARS")
    REPORT_ACCEPTED = "rapport_accepte", _("Mon rapport est accepté par le niveau national")
    GATE_REQUESTED = "passage_demande", _("Un passage de phase attend ma décision")
    GATE_DECIDED = "passage_decide", _("Ma demande de passage de phase est décidée")
    CAMPAIGN_OPENED = "campagne_ouverte", _("Une campagne de remontée s'ouvre pour moi")
    CAMPAIGN_REMINDER = (
        "campagne_rappel",
        _("Rappel 7 jours et 1 jour avant la date limite d'une campagne"),
    )
    SURVEY_INVITATION = (
        "enquete_invitation",
        _("Une enquête annuelle des opérateurs régionaux attend ma réponse"),
    )
    SURVEY_REMINDER = (
        "enquete_rappel",
        _("Rappel 7 jours et 1 jour avant la date limite d'une enquête"),
    )
    TRANCHE_PAYABLE = (
        "tranche_payable",
        _("Une tranche de financement de ma région devient payable"),
    )
    COOPERATION_DIGEST = (
        "cooperation_hebdo",
        _("Chaque semaine, les projets et besoins d'autres régions proches des nôtres"),
    )
    REFERRAL_TO_HANDLE = (
        "saisine_a_traiter",
        _("Une saisine du comité d'éthique attend mon examen ou l'avis du comité"),
    )
    REFERRAL_PROGRESS = "saisine_suivi", _("Ma saisine du comité d'éthique avance")
    ADHESION_EXPIRY = (
        "adhesion_echeance",
        _("Une adhésion à une charte de ma région arrive à échéance (90 et 30 jours avant)"),
    )


class OptOut(models.Model):
    """A kind of e-mail the user no longer wants (every kind is sent by default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="notification_opt_outs",
    )
    kind = models.CharField(_("notification"), max_length=20, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification désactivée")
        verbose_name_plural = _("notifications désactivées")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"


class ReminderSent(models.Model):
    """One deadline reminder sent to one user for one campaign (7 or 1 day before)."""

    campaign = models.ForeignKey("indicateurs.Campaign", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField(_("jours avant la date limite"))
    sent_on = models.DateField(_("envoyé le"))

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user", "days_before"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} J-{self.days_before} {self.user}"


class SurveyReminderSent(models.Model):
    """One reminder of the survey of regional operators sent to one user (7 or 1 day before
    the campaign's deadline), so that a second run of `send_reminders` sends nothing."""

    campaign = models.ForeignKey("enquete.Campaign", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField(_("jours avant la date limite"))
    sent_on = models.DateField(_("envoyé le"))

    class Meta:
        verbose_name = _("rappel d'enquête envoyé")
        verbose_name_plural = _("rappels d'enquête envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user", "days_before"], name="survey_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} J-{self.days_before} {self.user}"


class AdhesionReminderSent(models.Model):
    """One announcement of an adhesion's expiry sent to one user (90 or 30 days before)."""

    adhesion = models.ForeignKey("gouvernance.Adhesion", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField(_("jours avant l'échéance"))
    sent_on = models.DateField(_("envoyé le"))

    class Meta:
        verbose_name = _("annonce d'échéance d'adhésion")
        verbose_name_plural = _("annonces d'échéance d'adhésion")
        constraints = [
            models.UniqueConstraint(
                fields=["adhesion", "user", "days_before"], name="adhesion_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.adhesion} J-{self.days_before} {self.user}"


class DigestSent(models.Model):
    """The weekly cooperation digest sent to a region's ARS officers: once per week (the week of
    `week_start`, a Monday), however often the daily scheduler runs; the next digest covers what
    appeared since `sent_at`."""

    region = models.ForeignKey(
        "territoires.Territory",
        verbose_name=_("région"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    week_start = models.DateField(_("semaine du"))
    sent_at = models.DateTimeField(_("envoyé le"))

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("résumé hebdomadaire envoyé")
        verbose_name_plural = _("résumés hebdomadaires envoyés")
        constraints = [
            models.UniqueConstraint(fields=["region", "week_start"], name="digest_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.region} — {self.week_start:%d/%m/%Y}"
