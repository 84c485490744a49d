"""Accounts, memberships (person × organisation × role) and personal API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("Administrateur national")
    NATIONAL_READER = "national_reader", _("Lecteur national")
    ARS_OFFICER = "ars_officer", _("Chargé de pilotage ARS")
    ARS_READER = "ars_reader", _("Lecteur ARS")
    GRADES_MANAGER = "grades_manager", _("Responsable GRADeS")
    PROJECT_OWNER = "project_owner", _("Porteur de projet")
    BODY_MEMBER = "body_member", _("Membre d'instance")


NATIONAL_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_READER})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("adresse électronique"), unique=True)
    person = models.OneToOneField(
        "acteurs.Person",
        verbose_name=_("personne"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        ordering = ["email"]

    def __str__(self) -> str:
        full = self.get_full_name()
        return full or self.email


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("compte"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "acteurs.Organisation",
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("habilitation")
        verbose_name_plural = _("habilitations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("Lecture seule")
    READ_WRITE = "read_write", _("Lecture et écriture")


# A token lives 90 days unless its owner chooses otherwise, one year at the most.
TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the clear value is shown once.

    It carries its owner's rights, restricted to reading when its scope is READ, until
    `expires_at` or its revocation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("début du jeton"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("portée"), max_length=10, choices=TokenScope.choices)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return "plt_" + secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_read_only(self) -> bool:
        return self.scope == TokenScope.READ


class LockoutLift(models.Model):
    """A login lock-out (too many failures for an e-mail from an address) lifted by a national
    administrator before its end."""

    email = models.CharField(_("adresse électronique"), max_length=255)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("échecs"))
    last_failure_at = models.DateTimeField(_("dernier échec"))
    lifted_at = models.DateTimeField(_("levé le"), auto_now_add=True)
    lifted_by = models.ForeignKey(
        User,
        verbose_name=_("levé par"),
        on_delete=models.PROTECT,
        related_name="lockout_lifts",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("blocage de connexion levé")
        verbose_name_plural = _("blocages de connexion levés")
        ordering = ["-lifted_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.ip_address or '—'})"
