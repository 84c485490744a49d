"""Pages that change organisations and their people (all through acteurs.services)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.acteurs import perms, services
from pilote.acteurs.forms import OrganisationForm, PersonFunctionForm
from pilote.acteurs.models import Function, Organisation
from pilote.acteurs.views import visible_or_404
from pilote.comptes.access import access_for
from pilote.comptes.models import Role
from pilote.core.pages import add_service_errors, form_page
from pilote.territoires.models import Territory


def _editable_departements(user, organisation=None):
    access = access_for(user)
    departements = Territory.objects.departements().order_by("code")
    if access.is_national_admin:
        return departements
    if organisation is not None:
        return departements.filter(parent=organisation.region_id)
    return departements.filter(parent_id__in=access.regions_by_role.get(Role.ARS_OFFICER, ()))


def editable_or_404(request, pk) -> Organisation:
    """The organisation if the user may change it; 404 otherwise (even when they may read it)."""
    organisation = visible_or_404(request, pk)
    if not perms.can_edit_organisation(request.user, organisation):
        raise Http404
    return organisation


def organisation_url(organisation) -> str:
    return reverse("acteurs:detail", args=[organisation.pk])


def organisation_create(request):
    departements = _editable_departements(request.user)
    if not departements.exists():
        raise Http404
    form = OrganisationForm(request.POST or None, departements=departements)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        region = values["departement"].parent
        try:
            organisation = services.create_organisation(
                acting_user=request.user, region=region, **values
            )
        except (PermissionDenied, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Structure créée."))
            return redirect("acteurs:detail", pk=organisation.pk)
    return form_page(
        request, form, _("Ajouter une structure"), reverse("acteurs:list"), _("Créer la structure")
    )


def organisation_edit(request, pk):
    organisation = editable_or_404(request, pk)
    departements = _editable_departements(request.user, organisation)
    form = OrganisationForm(
        request.POST or None,
        instance=organisation,
        departements=departements,
        may_relocate=perms.can_relocate_organisation(request.user, organisation),
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        # the ModelForm has already written the values on the instance: start from the database
        fresh = Organisation.objects.get(pk=organisation.pk)
        try:
            changes = services.update_organisation(
                acting_user=request.user, organisation=fresh, values=values
            )
        except (PermissionDenied, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            if changes:
                messages.success(
                    request, _("Structure enregistrée (%d champ(s) modifié(s)).") % len(changes)
                )
            else:
                messages.info(request, _("Aucune modification."))
            return redirect("acteurs:detail", pk=organisation.pk)
    return form_page(
        request,
        form,
        _("Modifier — %s") % organisation.display_name,
        organisation_url(organisation),
    )


def person_add(request, pk):
    organisation = editable_or_404(request, pk)
    form = PersonFunctionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_person_with_function(
            acting_user=request.user,
            organisation=organisation,
            person_values={k: data[k] for k in ("first_name", "last_name", "email", "phone")},
            title=data["title"],
            started_on=data["started_on"],
        )
        messages.success(request, _("Personne ajoutée."))
        return redirect("acteurs:detail", pk=organisation.pk)
    return form_page(
        request,
        form,
        _("Ajouter une personne — %s") % organisation.display_name,
        organisation_url(organisation),
        _("Ajouter"),
    )


@require_POST
def function_end(request, pk, function_pk):
    organisation = editable_or_404(request, pk)
    function = get_object_or_404(Function, pk=function_pk, organisation=organisation)
    services.end_function(acting_user=request.user, function=function)
    messages.success(request, _("Fonction terminée : %s.") % function.person)
    return redirect("acteurs:detail", pk=organisation.pk)
