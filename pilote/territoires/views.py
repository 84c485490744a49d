from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

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
            services.create_infra_territory(
                acting_user=request.user,
                region=region,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                departements=list(data["departements"]),
                valid_from=data["valid_from"],
            )
            messages.success(request, _("Territoire « %s » créé.") % data["name"])
            return redirect("territoires:infra", code=region.code)
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
