from django import forms
from dsfr.forms import DsfrBaseForm


class PiloteForm(DsfrBaseForm):
    """DSFR form that marks optional fields ("facultatif"), as the current DSFR recommends.

    django-dsfr 3.6 warns on every render whichever way this is configured; this is the
    behaviour its next major version makes the default, so the warning is skipped here."""

    def get_context(self) -> dict:
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context
