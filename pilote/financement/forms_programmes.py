"""Forms of the national usage-based programmes and of a region's rollout."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from pilote.acteurs.models import Organisation, OrganisationType
from pilote.core.forms import AmountField, PiloteForm
from pilote.financement.forms import DATE
from pilote.financement.models import Envelope
from pilote.financement.models_programmes import ProgrammeWindow, UsageProgramme


class ProgrammeForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = UsageProgramme
        fields = ["code", "name", "description", "funder"]


class WindowForm(PiloteForm, forms.ModelForm):
    lump_sum = AmountField(
        label=_l("Forfait par établissement (€)"), min_value=0, widget=forms.TextInput
    )
    threshold = forms.FloatField(label=_l("Cible (au moins)"), localize=True)
    eligible_types = forms.MultipleChoiceField(
        label=_l("Types d'établissements éligibles"),
        choices=OrganisationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    finess = forms.CharField(
        label=_l("Établissements éligibles par numéro FINESS (un par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = ProgrammeWindow
        fields = [
            "name",
            "period",
            "closes_on",
            "data_element",
            "indicator",
            "threshold",
            "lump_sum",
        ]
        widgets = {"closes_on": DATE}

    def clean_finess(self):
        numbers = [n.strip() for n in self.cleaned_data["finess"].split() if n.strip()]
        found = {o.finess_et: o for o in Organisation.objects.filter(finess_et__in=numbers)}
        unknown = [n for n in numbers if n not in found]
        if unknown:
            raise forms.ValidationError(
                _("Numéro FINESS inconnu : %s.") % ", ".join(unknown), code="unknown"
            )
        return [found[n] for n in numbers]


class RolloutForm(PiloteForm):
    envelope = forms.ModelChoiceField(label=_l("Enveloppe de la région"), queryset=None)
    decided_on = forms.DateField(label=_l("Décidé le"), widget=DATE)

    def __init__(self, *args, user, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["envelope"].queryset = (
            Envelope.objects.visible_to(user)
            .in_region(region)
            .select_related("line", "funder")
            .order_by("-year", "line__position")
        )
