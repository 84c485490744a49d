"""A job a user started and follows on "Mes tâches": what it does, its state, its progress
once finished, its result or the French reason it failed. The live progress of a running job
is in `progress.py` (outside the database: the import's transaction must stay whole)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.comptes.access import access_for


class Kind(models.TextChoices):
    IMPORT_VALUES = "import_valeurs", _("Import de valeurs d'indicateurs")
    IMPORT_FINESS = "import_finess", _("Import d'une extraction FINESS")
    PORTFOLIO_REVIEW = "revue_portefeuille", _("Revue annuelle du portefeuille")


class Status(models.TextChoices):
    PENDING = "en_attente", _("en attente")
    RUNNING = "en_cours", _("en cours")
    DONE = "termine", _("terminé")
    FAILED = "echoue", _("échoué")


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Each user reads the jobs they started; national administrators read every job."""
        access = access_for(user)
        if access.is_national_admin:
            return self.all()
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class Job(models.Model):
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancée par"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    title = models.CharField(_("intitulé"), max_length=300)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    # the uploaded file, kept in the default storage until the job ends
    file_name = models.CharField(_("fichier stocké"), max_length=500, blank=True)
    task_id = models.CharField(_("identifiant de la tâche"), max_length=64, blank=True)
    worker = models.CharField(_("processus"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finie le"), null=True, blank=True)
    done = models.PositiveBigIntegerField(_("lignes traitées"), default=0)
    total = models.PositiveBigIntegerField(_("lignes au total"), null=True, blank=True)
    summary = models.TextField(_("résultat"), blank=True)
    result_url = models.CharField(_("lien du résultat"), max_length=500, blank=True)
    result_label = models.CharField(_("libellé du lien"), max_length=200, blank=True)
    error = models.TextField(_("raison de l'échec"), blank=True)
    details = models.JSONField(_("détails"), default=list, blank=True)
    details_total = models.PositiveIntegerField(_("nombre de détails"), default=0)

    history = HistoricalRecords()
    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (Status.DONE, Status.FAILED)
