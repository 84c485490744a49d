from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pilote.acteurs import perms, services
from pilote.acteurs.forms import OrganisationFilterForm, OrganisationForm
from pilote.acteurs.models import Organisation
from pilote.comptes.access import access_for
from pilote.core.history_view import history_entries
from pilote.core.regions import current_region, selectable_regions
from pilote.territoires.models import Territory


def _departements_for(user, region):
    qs = Territory.objects.departements()
    if region is not None:
        return qs.filter(parent=region).order_by("code")
    access = access_for(user)
    if not access.is_national:
        qs = qs.filter(parent_id__in=access.region_ids)
    return qs.order_by("code")


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


def organisation_list(request):
    access = access_for(request.user)
    region = current_region(request)
    organisations = Organisation.objects.visible_to(request.user)
    form = OrganisationFilterForm(
        request.GET or None,
        regions=selectable_regions() if access.is_national else None,
        departements=_departements_for(request.user, region if not access.is_national else None),
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
            organisations = organisations.filter(region=data["region"])
    if not chosen_type:  # legal entities only on request: the list is about actors
        organisations = organisations.filter(is_legal_entity=False)
    organisations = organisations.select_related("departement", "region").order_by("name", "pk")
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    template = (
        "acteurs/_organisation_rows.html" if request.htmx else "acteurs/organisation_list.html"
    )
    return render(request, template, {"form": form, "page_obj": page, "title": _("Structures")})


def _visible_or_404(request, pk) -> Organisation:
    return get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related(
            "departement", "region", "legal_entity"
        ),
        pk=pk,
    )


def organisation_detail(request, pk):
    organisation = _visible_or_404(request, pk)
    context = {
        "organisation": organisation,
        "title": organisation.display_name,
        "can_edit": perms.can_edit_organisation(request.user, organisation),
        "functions": organisation.functions.select_related("person"),
        "establishments": organisation.establishments.order_by("name")[:100],
        "tab": "fiche",
    }
    return render(request, "acteurs/organisation_detail.html", context)


def organisation_history(request, pk):
    organisation = _visible_or_404(request, pk)
    context = {
        "organisation": organisation,
        "title": _("Historique — %s") % organisation.display_name,
        "entries": history_entries(organisation),
        "can_edit": perms.can_edit_organisation(request.user, organisation),
        "tab": "historique",
    }
    return render(request, "acteurs/organisation_history.html", context)


def organisation_edit(request, pk):
    organisation = _visible_or_404(request, pk)
    if not perms.can_edit_organisation(request.user, organisation):
        raise Http404
    access = access_for(request.user)
    departements = (
        Territory.objects.departements().order_by("code")
        if access.is_national_admin
        else Territory.objects.departements().filter(parent=organisation.region_id)
    )
    form = OrganisationForm(request.POST or None, instance=organisation, departements=departements)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        # the ModelForm has already written the values on the instance: start from the database
        fresh = Organisation.objects.get(pk=organisation.pk)
        try:
            changes = services.update_organisation(
                acting_user=request.user, organisation=fresh, values=values
            )
        except (PermissionDenied, ValidationError) as exc:
            form.add_error(None, exc.messages if hasattr(exc, "messages") else str(exc))
        else:
            if changes:
                messages.success(
                    request, _("Structure enregistrée (%d champ(s) modifié(s)).") % len(changes)
                )
            else:
                messages.info(request, _("Aucune modification."))
            return redirect("acteurs:detail", pk=organisation.pk)
    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Modifier — %s") % organisation.display_name,
    }
    return render(request, "acteurs/organisation_edit.html", context)
