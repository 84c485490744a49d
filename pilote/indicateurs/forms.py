import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.core.forms import PiloteForm
from pilote.indicateurs.models import Dataset
from pilote.indicateurs.periods import PeriodError, parse

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(PiloteForm):
    dataset = forms.ModelChoiceField(label=_("Jeu de données"), queryset=Dataset.objects.all())
    period = forms.CharField(label=_("Période"), help_text=_("Par exemple : 2026S2"))
    opens_on = forms.DateField(label=_("Ouverture"), widget=DATE, initial=datetime.date.today)
    deadline = forms.DateField(label=_("Date limite de remontée"), widget=DATE)
    locks_on = forms.DateField(label=_("Verrouillage de la saisie"), widget=DATE)

    def clean_period(self):
        try:
            return parse(self.cleaned_data["period"]).code
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ReasonForm(PiloteForm):
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmationForm(PiloteForm):
    confirmation_reason = forms.CharField(
        label=_("Motif de la confirmation"),
        help_text=_(
            "Obligatoire si le rapport est incomplet ou porte des alertes : il est enregistré "
            "dans l'historique du rapport avec les alertes confirmées."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImportForm(PiloteForm):
    file = forms.FileField(
        label=_("Fichier de données (CSV, XLSX ou JSON)"),
        help_text=_("Extensions acceptées : .csv, .xlsx, .json"),
        widget=forms.FileInput(attrs={"class": "fr-upload", "accept": ".csv,.xlsx,.json"}),
    )
    dry_run = forms.BooleanField(
        label=_("Vérifier seulement (aucune écriture)"), required=False, initial=True
    )
