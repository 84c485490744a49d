from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.core.forms import PiloteForm
from pilote.notifications.models import Kind


class PreferencesForm(PiloteForm):
    enabled = forms.MultipleChoiceField(
        label=_("Je reçois un courriel quand…"),
        help_text=_("Décochez ce que vous ne voulez plus recevoir."),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
