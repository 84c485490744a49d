"""The ARS and the GRADeS keep their region's catalogue of digital services."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.pages import apply_service, form_page
from pilote.portefeuille import perms, services
from pilote.portefeuille.forms import DigitalServiceForm
from pilote.portefeuille.models import DigitalService
from pilote.territoires.regions import current_region


def catalogue_manage(request):
    region = current_region(request)
    if region is None:
        raise Http404
    entries = (
        DigitalService.objects.visible_to(request.user)
        .in_region(region)
        .select_related("operator", "project")
    )
    context = {
        "region": region,
        "entries": entries,
        "can_manage": perms.can_manage_catalogue(request.user, region),
        "title": _("Catalogue des services numériques — %s") % region.name,
    }
    return render(request, "portefeuille/catalogue_manage.html", context)


def catalogue_entry_edit(request, pk=None):
    region = current_region(request)
    entry = (
        get_object_or_404(DigitalService.objects.visible_to(request.user), pk=pk)
        if pk
        else DigitalService(region=region)
    )
    if entry.region_id is None or not perms.can_manage_catalogue(request.user, entry.region):
        raise Http404
    form = DigitalServiceForm(
        request.POST or None, instance=entry, region=entry.region, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        territories = list(form.cleaned_data["territories"])
        done = apply_service(
            request,
            form,
            lambda: services.save_catalogue_entry(
                acting_user=request.user, entry=instance, territories=territories
            ),
            _("Service enregistré dans le catalogue."),
            "portefeuille:catalogue",
        )
        if done:
            return done
    title = _("Modifier le service") if pk else _("Déclarer un service")
    return form_page(request, form, title, reverse("portefeuille:catalogue"))
