from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.cadre.models import EvolutionRequest, Principle, Referentiel, SocleService
from pilote.core.forms import PiloteForm


class EvolutionRequestForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = EvolutionRequest
        fields = [
            "title",
            "rationale",
            "component",
            "action",
            "target_code",
            "proposed_name",
            "proposed_description",
            "proposed_category",
            "origin_label",
        ]


class OpinionForm(PiloteForm):
    text = forms.CharField(
        label=_("Avis ou décision motivée"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SocleServiceForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = SocleService
        fields = ["code", "name", "purpose", "national_owner", "description"]


class ReferentielForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Referentiel
        fields = ["code", "name", "kind", "availability", "evolution_plan"]


class PrincipleForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Principle
        fields = ["number", "title", "description"]


ITEM_FORMS = {"socle": SocleServiceForm, "referentiel": ReferentielForm, "principe": PrincipleForm}
