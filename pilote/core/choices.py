"""Model mixin: `get_<field>_display()` without rebuilding the field's choices on every call.

Django's own version builds `dict(make_hashable(field.flatchoices))` at each call: hashing every
lazily translated label translates all of them, so a list of 50 organisations translated the 20
organisation types 50 times (1,000 translations, a quarter of the organisation list's time).
Here the dictionary is built once per field and keeps the lazy labels: one translation per call,
in the language of the request as before."""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels:
    def _get_FIELD_display(self, field):  # noqa: N802 — Django's name, overridden
        labels = field.__dict__.get("_pilote_choice_labels")
        if labels is None:
            labels = dict(make_hashable(field.flatchoices))
            field._pilote_choice_labels = labels
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
