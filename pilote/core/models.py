from django.db import models


class PublicationStamp(models.Model):
    """One row: a token replaced after every committed change of the data the public pages
    show (`pilote.core.public_cache`). Cached anonymous pages are keyed on it."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
