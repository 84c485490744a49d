from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.core.forms import PiloteForm
from pilote.territoires.models import InfraKind, Territory


class InfraTerritoryForm(PiloteForm):
    name = forms.CharField(label=_("Nom"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("Par exemple : CASSIS-AUV"))
    kind = forms.ChoiceField(label=_("Type de territoire"), choices=InfraKind.choices)
    departements = forms.ModelMultipleChoiceField(
        label=_("Départements couverts"),
        queryset=Territory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    valid_from = forms.DateField(
        label=_("Valide à partir du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["departements"].queryset = region.children.departements().order_by("code")

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()
