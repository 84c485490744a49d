"""The funding forms: amounts typed the French way (`1 234,56`) are read exactly."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.acteurs.models import Organisation
from pilote.core.forms import AmountField, ImportForm, PiloteForm
from pilote.financement.models import Allocation, Commitment, Envelope, Payment
from pilote.portefeuille.models import Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount(label, required=True):
    """An amount read as people type it (`1 500 000,50`)."""
    return AmountField(label=label, required=required, min_value=0, widget=forms.TextInput)


class EnvelopeForm(PiloteForm, forms.ModelForm):
    amount = _amount(_("Montant (€)"))

    class Meta:
        model = Envelope
        fields = [
            "funder",
            "line",
            "year",
            "amount",
            "channel",
            "origin",
            "notified_on",
            "source",
            "note",
        ]
        widgets = {"notified_on": DATE}


class AllocationForm(PiloteForm, forms.ModelForm):
    amount = _amount(_("Montant programmé (€)"))
    eligible_cost = _amount(_("Coût éligible (€)"), required=False)

    class Meta:
        model = Allocation
        fields = ["beneficiary", "project", "label", "amount", "eligible_cost", "programmed_on"]
        widgets = {"programmed_on": DATE}

    def __init__(self, *args, user, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].queryset = (
            Organisation.objects.visible_to(user).in_region(region).filter(is_active=True)
        )
        self.fields["project"].queryset = Project.objects.visible_to(user).in_region(region)


class CommitmentForm(PiloteForm, forms.ModelForm):
    amount = _amount(_("Montant engagé (€)"))

    class Meta:
        model = Commitment
        fields = ["reference", "decided_on", "amount"]
        widgets = {"decided_on": DATE}


class PaymentForm(PiloteForm, forms.ModelForm):
    amount = _amount(_("Montant payé (€)"))

    class Meta:
        model = Payment
        fields = ["paid_on", "amount", "reference", "document"]
        widgets = {"paid_on": DATE}


class CarryOverForm(PiloteForm):
    amount = _amount(_("Montant à reporter sur l'année suivante (€)"))
    note = forms.CharField(label=_("Motif du report"), widget=forms.Textarea, required=False)


class TrancheForm(PiloteForm):
    label = forms.CharField(label=_("Intitulé"), max_length=200)
    amount = _amount(_("Montant de la tranche (€)"))
    deliverable = forms.CharField(
        label=_("Livrable attendu"),
        required=False,
        max_length=300,
        help_text=_("Un document que l'ARS doit approuver avant que la tranche soit payable."),
    )
    data_element = forms.ModelChoiceField(
        label=_("Donnée d'usage"),
        required=False,
        queryset=None,
        help_text=_("La cible est lue sur les données acceptées au niveau national."),
    )
    indicator = forms.ModelChoiceField(
        label=_("Ou indicateur calculé"),
        required=False,
        queryset=None,
        help_text=_("Un ratio par exemple, calculé comme sur les tableaux de bord."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Établissement (cible par établissement)"), required=False, queryset=None
    )
    period = forms.CharField(
        label=_("Période"), required=False, max_length=7, help_text=_("Par exemple 2026S2")
    )
    threshold = forms.FloatField(label=_("Cible (au moins)"), required=False, localize=True)

    def __init__(self, *args, user, region, **kwargs):
        from pilote.indicateurs.models import DataElement, Indicator

        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["data_element"].queryset = DataElement.objects.order_by("name")
        self.fields["indicator"].queryset = Indicator.objects.order_by("name")
        self.fields["organisation"].queryset = (
            Organisation.objects.visible_to(user).in_region(region).filter(is_active=True)
        )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        target = data["data_element"] or data["indicator"]
        if target is not None and data["organisation"] is None:
            data["territory"] = self.region
        return data


class ApprovalForm(PiloteForm):
    approved_on = forms.DateField(label=_("Livrable approuvé le"), widget=DATE)


class TranchePaymentForm(PiloteForm):
    paid_on = forms.DateField(label=_("Payé le"), widget=DATE)
    reference = forms.CharField(label=_("Référence du paiement"), max_length=100)
    document = forms.CharField(label=_("Pièce comptable"), max_length=100, required=False)


class AccountingImportForm(ImportForm):
    file = forms.FileField(
        label=_("Extrait comptable (CSV ou XLSX)"),
        help_text=_(
            "Colonnes : type (engagement ou paiement) ; programmation (son numéro dans Pilote) ; "
            "engagement ; reference (du paiement) ; date ; montant ; piece."
        ),
    )
