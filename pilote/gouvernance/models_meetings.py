"""Meetings of a body: convocation and agenda, attendance, minutes as notes per item,
decisions, actions followed from meeting to meeting, conflicts of interest.

What the users of Decidim, OpenProject and OpenSlides regret, done here: minutes structured
per item, the quorum computed from the seats and the proxies, decisions and actions linked to
their meeting and to the projects they concern, an attendance sheet kept with the minutes,
minutes frozen once the next meeting approves them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.gouvernance.models import Body, Seat
from pilote.gouvernance.scoping import BodyScopedQuerySet


class MeetingQuerySet(BodyScopedQuerySet):
    body_path = "body__"


class MinutesStatus(models.TextChoices):
    DRAFT = "brouillon", _("Projet de compte rendu")
    APPROVED = "approuve", _("Compte rendu approuvé")


class Meeting(models.Model):
    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    video_link = models.URLField(_("lien de visioconférence"), blank=True)
    convened_on = models.DateTimeField(_("convocation envoyée le"), null=True, blank=True)
    reconvened_from = models.OneToOneField(
        "self",
        verbose_name=_("seconde convocation de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reconvened_as",
    )
    minutes_status = models.CharField(
        _("compte rendu"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_in = models.ForeignKey(
        "self",
        verbose_name=_("approuvé lors de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("La fin de la réunion doit suivre son début."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} — {self.title}"

    @property
    def is_second_convocation(self) -> bool:
        return self.reconvened_from_id is not None

    @property
    def frozen(self) -> bool:
        return self.minutes_status == MinutesStatus.APPROVED


class ItemQuerySet(BodyScopedQuerySet):
    body_path = "meeting__body__"


class AgendaItem(models.Model):
    """An item of the agenda; its discussion notes are the minutes of that item."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)
    title = models.CharField(_("point"), max_length=255)
    project = models.ForeignKey(
        "portefeuille.Project",
        verbose_name=_("projet concerné"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    notes = models.TextField(_("notes de discussion"), blank=True)

    history = HistoricalRecords()
    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("points de l'ordre du jour")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Présent (titulaire)")
    SUBSTITUTE = "suppleant", _("Représenté par son suppléant")
    PROXY = "procuration", _("Procuration donnée")
    EXCUSED = "excuse", _("Excusé")
    ABSENT = "absent", _("Absent")


COUNTED_IN_PERSON = (Presence.PRESENT, Presence.SUBSTITUTE)


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="attendances"
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("siège"), on_delete=models.PROTECT, related_name="attendances"
    )
    presence = models.CharField(_("présence"), max_length=12, choices=Presence.choices)
    proxy_to = models.ForeignKey(
        Seat,
        verbose_name=_("procuration à"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proxies_held",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="one_attendance_per_seat")
        ]

    def __str__(self) -> str:
        return f"{self.seat} : {self.get_presence_display()}"


class Recusal(models.Model):
    """A seat that withdraws from an item on which its organisation has an interest."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("point"), on_delete=models.CASCADE, related_name="recusals"
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("siège"), on_delete=models.PROTECT, related_name="recusals"
    )
    note = models.CharField(_("motif"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("déport")
        verbose_name_plural = _("déports")
        constraints = [models.UniqueConstraint(fields=["item", "seat"], name="one_recusal")]

    def __str__(self) -> str:
        return f"{self.seat} — {self.item}"


class DecisionQuerySet(BodyScopedQuerySet):
    body_path = "meeting__body__"


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.PROTECT, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    text = models.TextField(_("décision"))
    votes_for = models.PositiveSmallIntegerField(_("pour"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("contre"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    project = models.ForeignKey(
        "portefeuille.Project",
        verbose_name=_("projet concerné"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_decisions",
    )

    history = HistoricalRecords()
    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["meeting__starts_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def voted(self) -> bool:
        return self.votes_for is not None


class ActionStatus(models.TextChoices):
    OPEN = "ouverte", _("À faire")
    IN_PROGRESS = "en_cours", _("En cours")
    DONE = "faite", _("Faite")


class ActionQuerySet(BodyScopedQuerySet):
    body_path = "meeting__body__"

    def open(self):
        return self.exclude(status=ActionStatus.DONE)


class Action(models.Model):
    """An action decided in a meeting, followed in the next ones until it is done."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("décidée lors de"), on_delete=models.PROTECT, related_name="actions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    title = models.CharField(_("action"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.PROTECT,
        related_name="governance_actions",
    )
    due_on = models.DateField(_("échéance"))
    status = models.CharField(
        _("état"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_in = models.ForeignKey(
        Meeting,
        verbose_name=_("close lors de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closed_actions",
    )
    done_on = models.DateField(_("faite le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title
