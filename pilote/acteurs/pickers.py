"""Organisation pickers: options that tell homonyms apart (FINESS, commune) and a search as you
type that narrows the list through `acteurs:picker_options` (htmx), within what the user may
read (`Organisation.objects.visible_to`). Without JavaScript the full select stays usable.

A picker's `scope` names the organisations it offers; `picker_queryset` is the one place that
turns a scope into a QuerySet, for the form field and for the search endpoint alike."""

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.acteurs.models import Organisation, OrganisationType

SEARCH_LIMIT = 50
# Care providers do not assist a project owner (AMOA) nor build its system (MOE).
CARE_TYPES = (
    OrganisationType.HOPITAL_PUBLIC,
    OrganisationType.HOPITAL_PRIVE,
    OrganisationType.HOPITAL_ESPIC,
    OrganisationType.MEDICO_SOCIAL,
    OrganisationType.PHARMACIE,
    OrganisationType.LABORATOIRE,
    OrganisationType.MSP,
    OrganisationType.CENTRE_SANTE,
)


def _establishments(qs: QuerySet, region) -> QuerySet:
    return qs.in_region(region).establishments()


def _providers(qs: QuerySet, region) -> QuerySet:
    return qs.establishments().exclude(type__in=CARE_TYPES)


SCOPES = {"etablissements": _establishments, "prestataires": _providers}


def picker_queryset(user, scope: str, region=None, keep=()) -> QuerySet:
    """The organisations a picker of `scope` offers to `user` (in `region` where the scope
    needs one), plus the already chosen ones in `keep` so that editing never drops them."""
    base = Organisation.objects.visible_to(user)
    offered = SCOPES[scope](base, region)
    keep = [pk for pk in keep if pk]
    if keep:
        offered = offered | Organisation.objects.filter(pk__in=list(keep))
    return offered.order_by("name", "city", "pk")


def organisation_label(organisation: Organisation) -> str:
    """Name, commune and FINESS number, so that homonyms are told apart:
    "CH d'Auxerre — Auxerre — FINESS 890000037"."""
    parts = [organisation.name]
    if organisation.city:
        parts.append(
            organisation.city.title() if organisation.city.isupper() else organisation.city
        )
    if organisation.finess_et:
        parts.append(_("FINESS %s") % organisation.finess_et)
    return " — ".join(parts)


class OrganisationPicker(forms.Select):
    template_name = "acteurs/pickers/select.html"
    scope = ""
    region_code = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field = getattr(self.choices, "field", None)
        context["picker"] = {
            "url": reverse("acteurs:picker_options"),
            "scope": self.scope,
            "region": self.region_code,
            "empty": int(
                getattr(field, "empty_label", None) is not None and not self.allow_multiple_selected
            ),
        }
        return context


class OrganisationMultiplePicker(OrganisationPicker, forms.SelectMultiple):
    allow_multiple_selected = True


class _PickerMixin:
    def label_from_instance(self, obj):
        return organisation_label(obj)

    def set_scope(self, user, scope: str, region=None, keep=()) -> None:
        self.queryset = picker_queryset(user, scope, region, keep)
        self.widget.scope = scope
        self.widget.region_code = region.code if region is not None else ""


class OrganisationChoiceField(_PickerMixin, forms.ModelChoiceField):
    widget = OrganisationPicker


class OrganisationMultipleChoiceField(_PickerMixin, forms.ModelMultipleChoiceField):
    widget = OrganisationMultiplePicker
