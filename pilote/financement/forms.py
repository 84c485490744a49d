"""The funding forms: amounts typed the French way (`1 234,56`) are read exactly."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.acteurs.models import Organisation
from pilote.core.forms import AmountField, PiloteForm
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
