"""Pages that change organisations and their people (all through acteurs.services)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.acteurs import perms, services
from pilote.acteurs.forms import OrganisationForm, PersonFunctionForm
from pilote.acteurs.models import Function, Organisation
from pilote.acteurs.views import visible_or_404
from pilote.core.pages import apply_service, form_page, run_service
from pilote.territoires.models import Territory


def _editable_departements(user, organisation=None):
    """The départements the form offers: where the user may create an organisation, or, for an
    existing one, anywhere if they may relocate it and its own region's otherwise."""
    departements = Territory.objects.departements().order_by("code")
    if organisation is not None:
        if perms.can_relocate_organisation(user, organisation):
            return departements
        return departements.filter(parent=organisation.region_id)
    regions = [
        region
        for region in Territory.objects.current().ars_regions().visible_to(user)
        if perms.can_create_organisation(user, region)
    ]
    return departements.filter(parent__in=regions)


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
        done = apply_service(
            request,
            form,
            lambda: services.create_organisation(acting_user=request.user, region=region, **values),
            _("Structure créée."),
            organisation_url,
        )
        if done:
            return done
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
        done = apply_service(
            request,
            form,
            lambda: services.update_organisation(
                acting_user=request.user, organisation=fresh, values=values
            ),
            lambda changes: (
                _("Structure enregistrée (%d champ(s) modifié(s)).") % len(changes)
                if changes
                else _("Aucune modification.")
            ),
            organisation_url(organisation),
        )
        if done:
            return done
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
        done = apply_service(
            request,
            form,
            lambda: services.add_person_with_function(
                acting_user=request.user,
                organisation=organisation,
                person_values={k: data[k] for k in ("first_name", "last_name", "email", "phone")},
                title=data["title"],
                started_on=data["started_on"],
            ),
            _("Personne ajoutée."),
            organisation_url(organisation),
        )
        if done:
            return done
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
    run_service(
        request,
        lambda: services.end_function(acting_user=request.user, function=function),
        _("Fonction terminée : %s.") % function.person,
    )
    return redirect("acteurs:detail", pk=organisation.pk)
