from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


class PiloteForm(DsfrBaseForm):
    """DSFR form that marks optional fields ("facultatif"), as the current DSFR recommends.

    django-dsfr 3.6 warns on every render whichever way this is configured; this is the
    behaviour its next major version makes the default, so the warning is skipped here."""

    def get_context(self) -> dict:
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class AmountField(forms.DecimalField):
    """An amount typed as people write it: `1 500 000,50`, `1500000.50`, `1 500 €` (spaces of
    any kind between thousands, a decimal comma or point, the euro sign) read exactly."""

    SPACES = (" ", "\u00a0", "\u202f", "€")

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            for space in self.SPACES:
                value = value.replace(space, "")
            value = value.replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)  # a text box: a number input would refuse the comma
        return attrs

    def prepare_value(self, value):
        return str(value).replace(".", ",") if value not in (None, "") else value


class ImportForm(PiloteForm):
    """An uploaded table to import, checked first by default (a dry run writes nothing).
    Subclasses give `file` its label and the columns in its help text."""

    file = forms.FileField(label=_("Fichier (CSV ou XLSX)"))
    dry_run = forms.BooleanField(
        label=_("Essai à blanc : vérifier sans rien enregistrer"), required=False, initial=True
    )
