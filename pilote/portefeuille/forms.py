from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.acteurs.models import Organisation
from pilote.acteurs.pickers import (
    OrganisationChoiceField,
    OrganisationMultipleChoiceField,
)
from pilote.cadre.models import FrameworkVersion, SocleService
from pilote.core.forms import ImportForm, PiloteForm
from pilote.portefeuille.models import (
    DigitalService,
    Document,
    Health,
    Impulsion,
    Milestone,
    Phase,
    Programme,
    Project,
    Risk,
    Staffing,
    Strategy,
)
from pilote.territoires.models import Territory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def socle_choices():
    version = FrameworkVersion.objects.in_force()
    if version is None:
        return []
    return [(s.code, s.name) for s in version.socle_services.order_by("pk")]


class ProjectFilterForm(PiloteForm):
    q = forms.CharField(label=_("Rechercher"), required=False, help_text=_("Code ou intitulé"))
    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("Toutes les phases"))] + list(Phase.choices),
    )
    health = forms.ChoiceField(
        label=_("Météo"), required=False, choices=[("", _("Toutes"))] + list(Health.choices)
    )
    impulsion = forms.ChoiceField(
        label=_("Impulsion"), required=False, choices=[("", _("Toutes"))] + list(Impulsion.choices)
    )
    socle = forms.ChoiceField(label=_("Service du socle"), required=False)
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        required=False,
        queryset=Programme.objects.none(),
        empty_label=_("Tous les programmes"),
    )
    moa = OrganisationChoiceField(
        label=_("MOA"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Toutes les MOA"),
    )

    def __init__(self, *args, programmes, user, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["socle"].choices = [("", _("Tous les services"))] + socle_choices()
        self.fields["programme"].queryset = programmes
        moa = self.fields["moa"]
        moa.set_scope(user, "moa", region)
        # several hundred owners nationally: the first ones, narrowed by the picker's search
        data = self.data or {}
        moa.offer_first(data.get("moa__recherche", ""), data.get("moa"))


RELATIONS = ("socle_services", "other_regions", "amoa", "moe")


class ProjectForm(PiloteForm, forms.ModelForm):
    other_regions = forms.ModelMultipleChoiceField(
        label=_("Autres régions concernées"),
        required=False,
        queryset=Territory.objects.none(),
        help_text=_("Projet porté avec d'autres régions : il leur est visible."),
    )
    moa = OrganisationChoiceField(
        label=_("Maîtrise d'ouvrage (MOA)"), queryset=Organisation.objects.none()
    )
    moa_delegate = OrganisationChoiceField(
        label=_("MOA déléguée"), required=False, queryset=Organisation.objects.none()
    )
    amoa = OrganisationMultipleChoiceField(
        label=_("Assistance à maîtrise d'ouvrage (AMOA)"),
        required=False,
        queryset=Organisation.objects.none(),
    )
    moe = OrganisationMultipleChoiceField(
        label=_("Maîtrise d'œuvre (MOE)"), required=False, queryset=Organisation.objects.none()
    )
    socle_services = forms.ModelMultipleChoiceField(
        label=_("Services du socle"),
        required=False,
        queryset=SocleService.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "description",
            "programme",
            "moa",
            "moa_delegate",
            "porteur",
            "impulsion",
            "target_professionals",
            "target_patients",
            "target_citizens",
            "target_description",
            "health",
            "health_reason",
        ]

    def __init__(self, *args, region, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.in_region(region)
        project = self.instance if self.instance.pk else None
        for name in ("moa", "moa_delegate"):
            kept = [getattr(project, f"{name}_id")] if project else []
            self.fields[name].set_scope(user, "etablissements", region, keep=kept)
        for name in ("amoa", "moe"):
            kept = getattr(project, name).values_list("pk", flat=True) if project else []
            self.fields[name].set_scope(user, "prestataires", region, keep=list(kept))
        self.fields["other_regions"].queryset = (
            Territory.objects.current().ars_regions().exclude(pk=region.pk).order_by("name")
        )
        version = FrameworkVersion.objects.in_force()
        self.fields["socle_services"].queryset = (
            version.socle_services.all() if version else SocleService.objects.none()
        )
        if self.instance.pk:
            for name in RELATIONS:
                self.fields[name].initial = list(
                    getattr(self.instance, name).values_list("pk", flat=True)
                )
            del self.fields["code"]


class MilestoneForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "planned_on", "forecast_on", "actual_on"]
        widgets = {"planned_on": DATE, "forecast_on": DATE, "actual_on": DATE}


class RiskForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["title", "probability", "impact", "owner", "mitigation", "status"]


class StaffingForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Staffing
        fields = ["profile", "year", "fte"]


class DocumentForm(PiloteForm, forms.ModelForm):
    url = forms.URLField(label=_("Lien"), required=False, assume_scheme="https")

    class Meta:
        model = Document
        fields = ["kind", "title", "file", "url"]
        widgets = {"file": forms.ClearableFileInput(attrs={"class": "fr-upload"})}

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Joignez un fichier ou indiquez un lien."))
        return data


class GateRequestForm(PiloteForm):
    to_phase = forms.ChoiceField(label=_("Phase demandée"))
    note = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = phases


class GateDecisionForm(PiloteForm):
    basis = forms.CharField(
        label=_("Fondement de la décision"),
        help_text=_("Comité, document ou avis sur lequel la décision s'appuie"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConvergenceForm(PiloteForm):
    target = forms.ModelChoiceField(
        label=_("Projet qui remplace celui-ci"), queryset=Project.objects.none()
    )
    reason = forms.CharField(
        label=_("Motif de la convergence"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets


class StrategyForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "start_year", "end_year", "status", "adopted_on", "summary"]
        widgets = {"adopted_on": DATE}


class ProgrammeForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["code", "title", "kind", "description"]


class DigitalServiceForm(PiloteForm, forms.ModelForm):
    operator = OrganisationChoiceField(label=_("Opérateur"), queryset=Organisation.objects.none())
    access_point = forms.URLField(label=_("Point d'accès"), required=False, assume_scheme="https")

    class Meta:
        model = DigitalService
        fields = [
            "name",
            "description",
            "operator",
            "socle_service",
            "for_professionals",
            "for_patients",
            "for_citizens",
            "access_point",
            "territories",
            "status",
            "is_published",
        ]

    def __init__(self, *args, region, user, **kwargs):
        super().__init__(*args, **kwargs)
        kept = [self.instance.operator_id] if self.instance.operator_id else []
        self.fields["operator"].set_scope(user, "etablissements", region, keep=kept)
        version = FrameworkVersion.objects.in_force()
        self.fields["socle_service"].queryset = (
            version.socle_services.all() if version else SocleService.objects.none()
        )
        self.fields["territories"].queryset = (
            Territory.objects.filter(pk=region.pk) | region.children.all()
        )


class ProjectImportForm(ImportForm):
    file = forms.FileField(
        label=_("Tableau des projets (CSV ou XLSX)"),
        help_text=_(
            "Colonnes : region;code;intitule;description;moa;phase;socle — CSV séparé par des "
            "points-virgules, en UTF-8 ou Windows-1252, ou classeur XLSX."
        ),
    )
