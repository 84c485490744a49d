"""The CPOM forms of the ARS; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.acteurs.models import Organisation
from pilote.contrats.models import ActionStatus, ObjectiveSource
from pilote.core.forms import PiloteForm
from pilote.indicateurs.models import DataElement, Indicator

DATE = forms.DateInput(attrs={"type": "date"})


class CpomForm(PiloteForm):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    reference = forms.CharField(label=_("Référence"), max_length=60, required=False)
    operator = forms.ModelChoiceField(label=_("Opérateur"), queryset=Organisation.objects.none())
    start_year = forms.IntegerField(label=_("Première année"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Dernière année"), min_value=2000, max_value=2100)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = Organisation.objects.in_region(region).order_by("name")


class ObjectiveForm(PiloteForm):
    title = forms.CharField(label=_("Objectif"), max_length=300)
    source = forms.ChoiceField(label=_("Mesuré par"), choices=ObjectiveSource.choices)
    indicator = forms.ModelChoiceField(
        label=_("Indicateur"), queryset=Indicator.objects.all(), required=False
    )
    data_element = forms.ModelChoiceField(
        label=_("Donnée élémentaire"), queryset=DataElement.objects.all(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Établissement (sinon la région)"),
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(self, *args, cpom, **kwargs):
        super().__init__(*args, **kwargs)
        self.cpom = cpom
        self.fields["organisation"].queryset = Organisation.objects.in_region(
            cpom.region_id
        ).order_by("name")
        for year in cpom.years:
            self.fields[f"target_{year}"] = forms.FloatField(
                label=_("Cible %(y)s") % {"y": year}, required=False, localize=True
            )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["targets"] = {y: data.pop(f"target_{y}") for y in self.cpom.years}
        return data


class SignForm(PiloteForm):
    signed_on = forms.DateField(label=_("Signé le"), widget=DATE)
    signatories = forms.CharField(
        label=_("Signataires"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une personne par ligne : nom, fonction."),
    )


class AmendForm(PiloteForm):
    reason = forms.CharField(label=_("Objet de l'avenant"), max_length=300)


class DialogueForm(PiloteForm):
    held_on = forms.DateField(label=_("Tenu le"), widget=DATE, required=False)
    comments = forms.CharField(
        label=_("Commentaires"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    decisions = forms.CharField(
        label=_("Décisions"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ActionForm(PiloteForm):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Responsable"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Échéance"), widget=DATE, required=False)


class ActionStatusForm(PiloteForm):
    status = forms.ChoiceField(label=_("État"), choices=ActionStatus.choices)
