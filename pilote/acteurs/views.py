from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from pilote.acteurs import perms
from pilote.acteurs.forms import OrganisationFilterForm
from pilote.acteurs.models import Organisation
from pilote.acteurs.pickers import search_organisations
from pilote.comptes.access import access_for
from pilote.core.exports import csv_response, dated, xlsx_response
from pilote.core.history_view import history_entries
from pilote.territoires.models import Territory
from pilote.territoires.regions import current_region, selectable_regions


def _departements_for(user, region):
    qs = Territory.objects.departements().visible_to(user)
    if region is not None:
        qs = qs.filter(parent=region)
    return qs.order_by("code")


def _filtered_organisations(request):
    """The list's form and the organisations it selects (also used by the exports)."""
    access = access_for(request.user)
    organisations = Organisation.objects.visible_to(request.user)
    form = OrganisationFilterForm(
        request.GET or None,
        regions=selectable_regions() if access.is_national else None,
        departements=_departements_for(request.user, None),
    )
    chosen_type = ""
    if form.is_valid():
        data = form.cleaned_data
        organisations = search_organisations(organisations, data["q"])
        chosen_type = data["type"]
        if chosen_type:
            organisations = organisations.filter(type=chosen_type)
        if data["departement"]:
            organisations = organisations.filter(departement=data["departement"])
        if data.get("region"):
            organisations = organisations.in_region(data["region"])
    if not chosen_type:  # legal entities only on request: the list is about actors
        organisations = organisations.filter(is_legal_entity=False)
    organisations = organisations.select_related("departement", "region").order_by("name", "pk")
    return form, organisations


def organisation_list(request):
    form, organisations = _filtered_organisations(request)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    template = (
        "acteurs/_organisation_rows.html" if request.htmx else "acteurs/organisation_list.html"
    )
    context = {
        "form": form,
        "page_obj": page,
        "title": _("Structures"),
        "query_string": request.GET.urlencode(),
        "can_create": perms.can_create_organisation(request.user, current_region(request)),
        "can_import_finess": perms.can_import_finess(request.user),
    }
    return render(request, template, context)


EXPORT_HEADERS = [
    _("Nom"),
    _("Sigle"),
    _("Type"),
    _("Forme juridique"),
    _("FINESS ET"),
    _("FINESS EJ"),
    _("SIRET"),
    _("Adresse"),
    _("Code postal"),
    _("Commune"),
    _("Code commune"),
    _("Département"),
    _("Région"),
    _("Catégorie FINESS"),
    _("Téléphone"),
    _("Courriel"),
    _("Active"),
]


def _export_rows(organisations):
    for o in organisations.iterator(chunk_size=2000):
        yield [
            o.name,
            o.short_name,
            o.get_type_display(),
            o.get_legal_form_display() if o.legal_form else "",
            o.finess_et,
            o.finess_ej,
            o.siret,
            o.address,
            o.postcode,
            o.city,
            o.commune_code,
            o.departement.name if o.departement else "",
            o.region.name if o.region else "",
            f"{o.category_code} {o.category_label}".strip(),
            o.phone,
            o.email,
            o.is_active,
        ]


def organisation_export(request, fmt):
    _form, organisations = _filtered_organisations(request)
    name = dated("structures")
    if fmt == "csv":
        return csv_response(name, EXPORT_HEADERS, _export_rows(organisations))
    return xlsx_response(name, _("Structures"), EXPORT_HEADERS, _export_rows(organisations))


def visible_or_404(request, pk) -> Organisation:
    return get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related(
            "departement", "region", "legal_entity"
        ),
        pk=pk,
    )


def organisation_detail(request, pk):
    organisation = visible_or_404(request, pk)
    context = {
        "organisation": organisation,
        "title": organisation.display_name,
        "can_edit": perms.can_edit_organisation(request.user, organisation),
        "functions": organisation.functions.filter(ended_on__isnull=True).select_related("person"),
        "establishments": organisation.establishments.order_by("name")[:100],
        "tab": "fiche",
    }
    return render(request, "acteurs/organisation_detail.html", context)


def organisation_history(request, pk):
    organisation = visible_or_404(request, pk)
    context = {
        "organisation": organisation,
        "title": _("Historique — %s") % organisation.display_name,
        "entries": history_entries(organisation),
        "can_edit": perms.can_edit_organisation(request.user, organisation),
        "tab": "historique",
    }
    return render(request, "acteurs/organisation_history.html", context)
