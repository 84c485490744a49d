from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.audit.search import AuditFilters, object_types
from pilote.core.forms import PiloteForm
from pilote.territoires.models import Territory
from pilote.territoires.regions import selectable_regions

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(PiloteForm):
    user = forms.CharField(
        label=_("Auteur"),
        required=False,
        max_length=150,
        help_text=_("Courriel ou nom ; « système » pour les imports et chargements"),
    )
    object_type = forms.ChoiceField(label=_("Type d'objet"), required=False)
    region = forms.ModelChoiceField(
        label=_("Région"),
        required=False,
        queryset=Territory.objects.none(),
        empty_label=_("Toutes les régions"),
        to_field_name="code",
    )
    date_from = forms.DateField(label=_("Du"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Au"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("Tous les types"))] + object_types()
        self.fields["region"].queryset = selectable_regions()
        self.fields["user"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("La date de fin précède la date de début."))
        return data

    def filters(self) -> AuditFilters:
        """The filters of the valid fields (an invalid one is shown with its error, not used)."""
        data = self.cleaned_data if self.is_bound else {}
        return AuditFilters(
            user=data.get("user") or "",
            object_type=data.get("object_type") or "",
            region=data.get("region"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
