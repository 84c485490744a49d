"""Organisation pickers: options that tell homonyms apart (FINESS, commune) and a search as you
type that narrows the list through `acteurs:picker_options` (htmx), within what the user may
read (`Organisation.objects.visible_to`). Without JavaScript the full select stays usable.

A picker's `scope` names the organisations it offers; `picker_queryset` is the one place that
turns a scope into a QuerySet, for the form field and for the search endpoint alike."""

from django import forms
from django.db.models import Q, QuerySet
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


def _establishments(qs: QuerySet, region, user) -> QuerySet:
    return qs.in_region(region).establishments()


def _providers(qs: QuerySet, region, user) -> QuerySet:
    return qs.establishments().exclude(type__in=CARE_TYPES)


def _project_owners(qs: QuerySet, region, user) -> QuerySet:
    """The owners (MOA) and delegated owners of the projects `user` may read (in `region`),
    wherever they are: the portfolio list already shows them."""
    from pilote.portefeuille.models import Project

    projects = Project.objects.visible_to(user).in_region(region)
    return Organisation.objects.filter(
        Q(pk__in=projects.values("moa")) | Q(pk__in=projects.values("moa_delegate"))
    )


SCOPES = {"etablissements": _establishments, "prestataires": _providers, "moa": _project_owners}


def picker_queryset(user, scope: str, region=None, keep=()) -> QuerySet:
    """The organisations a picker of `scope` offers to `user` (in `region` where the scope
    needs one), plus the already chosen ones in `keep` so that editing never drops them."""
    base = Organisation.objects.visible_to(user)
    offered = SCOPES[scope](base, region, user)
    keep = [pk for pk in keep if pk]
    if keep:
        offered = offered | Organisation.objects.filter(pk__in=list(keep))
    return offered.order_by("name", "city", "pk")


def search_organisations(queryset, q: str):
    q = q.strip()
    if not q:
        return queryset
    condition = (
        Q(name__icontains=q)
        | Q(short_name__icontains=q)
        | Q(city__icontains=q)
        | Q(finess_et=q.upper())
        | Q(finess_ej=q.upper())
        | Q(siret=q)
    )
    return queryset.filter(condition)


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
    search = ""  # set by `offer_first`: the search field shows without JavaScript too
    narrowed: bool | None = None  # True: more organisations than listed

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
            "search": self.search,
            "always": self.narrowed is not None,
            "more": self.narrowed,
            "limit": SEARCH_LIMIT,
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

    def offer_first(self, search: str = "", chosen=None) -> None:
        """List only the chosen organisation and the first SEARCH_LIMIT ones matching `search`
        (the field still accepts any of its queryset). A long list (the national portfolio's
        owners: several hundred) is then narrowed by the search field: as the user types with
        JavaScript, on submitting the form without (the form sends the search)."""
        label = self.label_from_instance
        choices = [("", self.empty_label)] if self.empty_label is not None else []
        kept = []
        if chosen and str(chosen).isdigit():
            kept = list(self.queryset.filter(pk=chosen))
        matches = search_organisations(self.queryset, search).exclude(pk__in=[o.pk for o in kept])
        found = list(matches[: SEARCH_LIMIT + 1])
        self.widget.choices = choices + [(o.pk, label(o)) for o in kept + found[:SEARCH_LIMIT]]
        self.widget.search = search
        self.widget.narrowed = len(found) > SEARCH_LIMIT


class OrganisationChoiceField(_PickerMixin, forms.ModelChoiceField):
    widget = OrganisationPicker


class OrganisationMultipleChoiceField(_PickerMixin, forms.ModelMultipleChoiceField):
    widget = OrganisationMultiplePicker
