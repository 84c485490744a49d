from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.acteurs.models import Organisation
from pilote.acteurs.pickers import OrganisationChoiceField
from pilote.cadre.models import FrameworkVersion, SocleService
from pilote.cooperation.models import (
    CooperationSheet,
    Need,
    PairVerdict,
    PriorReview,
    Reuse,
)
from pilote.core.forms import AmountField, PiloteForm
from pilote.portefeuille.models import DigitalService, Impulsion, Project
from pilote.territoires.models import Territory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def other_regions(region):
    qs = Territory.objects.current().ars_regions().order_by("name")
    return qs.exclude(pk=region.pk) if region is not None else qs


class SheetForm(PiloteForm, forms.ModelForm):
    estimated_budget = AmountField(label=_("Budget estimé (€)"), required=False)

    class Meta:
        model = CooperationSheet
        fields = [
            "shared",
            "target_users",
            "budget_band",
            "estimated_budget",
            "solution",
            "referent_function",
            "referent_contact",
            "strategic",
        ]


class NeedForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Need
        fields = ["title", "description", "socle_service", "horizon", "budget_band"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = FrameworkVersion.objects.in_force()
        self.fields["socle_service"].queryset = (
            version.socle_services.all() if version else SocleService.objects.none()
        )


class EchoForm(PiloteForm):
    context = forms.CharField(
        label=_("Notre contexte"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que votre région a déjà, ce qui lui manque, son calendrier."),
    )


class ConvertNeedForm(PiloteForm):
    code = forms.CharField(label=_("Code du projet"), max_length=30)
    moa = OrganisationChoiceField(
        label=_("Maîtrise d'ouvrage (MOA)"), queryset=Organisation.objects.none()
    )
    impulsion = forms.ChoiceField(label=_("Impulsion"), choices=Impulsion.choices, initial="ars")

    def __init__(self, *args, user, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moa"].set_scope(user, "etablissements", region)


class PairForm(PiloteForm):
    first = forms.IntegerField(widget=forms.HiddenInput)
    second = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.FloatField(widget=forms.HiddenInput, required=False)
    verdict = forms.ChoiceField(label=_("Avis"), choices=PairVerdict.choices)


class ThresholdForm(PiloteForm):
    year = forms.IntegerField(label=_("Année"), min_value=2016, max_value=2100)
    amount = AmountField(label=_("Seuil (€)"))


class ReviewForm(PiloteForm, forms.ModelForm):
    similar_projects = forms.ModelMultipleChoiceField(
        label=_("Projets similaires examinés"),
        required=False,
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    partner_regions = forms.ModelMultipleChoiceField(
        label=_("En coopération avec les régions"),
        required=False,
        queryset=Territory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PriorReview
        fields = ["cooperation_potential", "decision", "reused_solution", "note", "decided_on"]
        widgets = {"decided_on": DATE}

    def __init__(self, *args, project, similar_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["similar_projects"].queryset = Project.objects.filter(
            pk__in=similar_ids
        ).select_related("region")
        self.fields["similar_projects"].label_from_instance = lambda p: f"{p} ({p.region.name})"
        self.fields["partner_regions"].queryset = other_regions(project.region)
        self.fields["decided_on"].required = False


class ProposalForm(PiloteForm):
    regions = forms.ModelMultipleChoiceField(
        label=_("Régions invitées"),
        queryset=Territory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Proposition"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que vous proposez de porter ensemble, le calendrier, la gouvernance."),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = other_regions(region)


class AnswerForm(PiloteForm):
    accept = forms.TypedChoiceField(
        label=_("Réponse"),
        choices=[("oui", _("Accepter")), ("non", _("Décliner"))],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
    )
    cost_share = forms.DecimalField(
        label=_("Part des coûts prise par votre région (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
    )
    reason = forms.CharField(
        label=_("Motif"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReuseForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Reuse
        fields = ["service", "since", "adaptation"]
        widgets = {"since": DATE}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        services = DigitalService.objects.published().select_related("region")
        if region is not None:
            services = services.exclude(
                pk__in=DigitalService.objects.in_region(region).values("pk")
            )
        self.fields["service"].queryset = services.order_by("region__name", "name")
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.region.name})"
