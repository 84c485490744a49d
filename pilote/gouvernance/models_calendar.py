"""The secret address of a user's calendar feeds.

A calendar client (Thunderbird, Outlook, a phone) subscribes to an address and cannot log in:
a public body's feed is open to all; another body's feed is read through an address carrying
the user's secret token, which shows exactly the bodies the user reads, never more. The token
opens nothing but these feeds; renewing it revokes the former address."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CalendarToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    key = models.CharField(_("jeton"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["key"])

    class Meta:
        verbose_name = _("adresse secrète d'agenda")
        verbose_name_plural = _("adresses secrètes d'agenda")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)
