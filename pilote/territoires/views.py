from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.pages import apply_service
from pilote.territoires import perms, services
from pilote.territoires.forms import InfraTerritoryForm
from pilote.territoires.lookups import region_by_code
from pilote.territoires.models import Level


def infra_territories(request, code):
    region = region_by_code(code, request.user)
    can_manage = perms.can_manage_infra_territories(request.user, region)
    form = InfraTerritoryForm(request.POST or None, region=region) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            done = apply_service(
                request,
                form,
                lambda: services.create_infra_territory(
                    acting_user=request.user,
                    region=region,
                    code=data["code"],
                    name=data["name"],
                    kind=data["kind"],
                    departements=list(data["departements"]),
                    valid_from=data["valid_from"],
                ),
                success=lambda area: _("Territoire « %s » créé.") % area.name,
                target=lambda area: reverse("territoires:infra", args=[region.code]),
            )
            if done:
                return done
    territories = (
        region.children.filter(level=Level.INFRA).prefetch_related("departements").order_by("name")
    )
    context = {
        "region": region,
        "territories": territories,
        "form": form,
        "title": _("Territoires infrarégionaux — %s") % region.name,
    }
    return render(request, "territoires/infra_territories.html", context)
