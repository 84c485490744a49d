"""django-dsfr's site settings in one query (its own context processor makes two when no
configuration matches the language, the case of a fresh installation)."""

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import get_language
from dsfr.models import DsfrConfig


def site_config(request):
    """The configuration in the current language, else the first one: as
    `dsfr.context_processors.site_config`."""
    config = (
        DsfrConfig.objects.annotate(
            other_language=Case(
                When(language=get_language(), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("other_language", "pk")
        .first()
    )
    return {"SITE_CONFIG": config}
