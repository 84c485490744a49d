"""Forms of the multi-year funding plans and of an operator's capacity."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.acteurs.models import Organisation
from pilote.core.forms import AmountField, PiloteForm
from pilote.financement.models import Funder
from pilote.financement.models_plans import PlanPhase
from pilote.portefeuille.models import Project


class PlanForm(PiloteForm):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    operator = forms.ModelChoiceField(
        label=_("Opérateur"),
        required=False,
        queryset=None,
        help_text=_("Le plan porte sur un opérateur ou sur un projet, pas les deux."),
    )
    project = forms.ModelChoiceField(label=_("Projet"), required=False, queryset=None)
    first_year = forms.IntegerField(
        label=_("Première année"),
        min_value=2000,
        max_value=2100,
        help_text=_("Le plan couvre trois ans."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)

    def __init__(self, *args, user, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = (
            Organisation.objects.visible_to(user).in_region(region).filter(is_active=True)
        )
        self.fields["project"].queryset = Project.objects.visible_to(user).in_region(region)


class PlanAmountForm(PiloteForm):
    year = forms.TypedChoiceField(label=_("Année"), coerce=int, choices=())
    funder = forms.ModelChoiceField(label=_("Financeur"), queryset=Funder.objects.order_by("name"))
    phase = forms.ChoiceField(label=_("Phase"), choices=PlanPhase.choices)
    amount = AmountField(label=_("Montant prévu (€)"), min_value=0, widget=forms.TextInput)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in plan.years]


class CapacityForm(PiloteForm):
    year = forms.TypedChoiceField(label=_("Année"), coerce=int, choices=())
    fte = forms.DecimalField(
        label=_("ETP disponibles"), min_value=0, max_digits=6, decimal_places=2, localize=True
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in plan.years]
