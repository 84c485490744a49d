from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.acteurs.models import Organisation, OrganisationType
from pilote.core.forms import PiloteForm
from pilote.territoires.models import Territory


class OrganisationFilterForm(PiloteForm):
    q = forms.CharField(
        label=_("Rechercher"), required=False, help_text=_("Nom, sigle, FINESS, SIRET ou commune")
    )
    type = forms.ChoiceField(
        label=_("Type de structure"),
        required=False,
        choices=[("", _("Tous les types"))] + list(OrganisationType.choices),
    )
    departement = forms.ModelChoiceField(
        label=_("Département"),
        required=False,
        queryset=Territory.objects.none(),
        empty_label=_("Tous les départements"),
    )
    region = forms.ModelChoiceField(
        label=_("Région"),
        required=False,
        queryset=Territory.objects.none(),
        empty_label=_("Toutes les régions"),
        to_field_name="code",
    )

    def __init__(self, *args, regions=None, departements=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is None:
            del self.fields["region"]
        else:
            self.fields["region"].queryset = regions
        self.fields["departement"].queryset = departements


class OrganisationForm(PiloteForm, forms.ModelForm):
    website = forms.URLField(label=_("Site internet"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "type",
            "legal_form",
            "finess_et",
            "finess_ej",
            "siret",
            "siren",
            "address",
            "address_complement",
            "postcode",
            "city",
            "departement",
            "phone",
            "email",
            "website",
            "is_active",
        ]

    def __init__(self, *args, departements, may_relocate=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = departements
        self.fields["departement"].required = True
        if not may_relocate:
            for name in ("type", "departement"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Modifié par l'ARS de la région ou le niveau national."
                )


class PersonFunctionForm(PiloteForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    email = forms.EmailField(label=_("Courriel"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=20, required=False)
    title = forms.CharField(
        label=_("Fonction"),
        max_length=150,
        help_text=_("Par exemple : directeur, chef de projet, CMSI"),
    )
    started_on = forms.DateField(
        label=_("Depuis le"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class FinessImportForm(PiloteForm):
    file = forms.FileField(
        label=_("Extraction FINESS"),
        help_text=_("Fichier etalab-cs1100507-stock-….csv (CSV séparé par des points-virgules)"),
    )
    skip_invalid = forms.BooleanField(
        label=_("Importer les lignes valides et ignorer les invalides"),
        required=False,
        help_text=_("Par défaut, une seule ligne invalide fait refuser tout le fichier."),
    )
