"""The home pages (public, and each user's with their "À faire"), the region page and the
national user's choice of region."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.accueil.public import national_figures
from pilote.accueil.todo import todo_for
from pilote.acteurs.models import Organisation, OrganisationType
from pilote.comptes.access import access_for
from pilote.territoires.lookups import region_by_code
from pilote.territoires.regions import (
    SESSION_KEY,
    current_region,
    in_french_order,
    selectable_regions,
)


@login_not_required
def home(request):
    """A visitor: what Pilote is and the published figures. A user: their "À faire" first,
    then their region's page (or the national view)."""
    if not request.user.is_authenticated:
        return public_home(request)
    todo = {"todo": todo_for(request), "is_home": True}
    region = current_region(request)
    if region is not None:
        return _region_page(request, region, todo)
    access = access_for(request.user)
    if not access.is_national:
        return render(request, "accueil/no_access.html", todo, status=403)
    rows = Organisation.objects.values("region_id").annotate(total=Count("pk")).order_by()
    totals = {r["region_id"]: r["total"] for r in rows}
    regions = [
        {"region": r, "organisations": totals.get(r.pk, 0)}
        for r in in_french_order(selectable_regions())
    ]
    context = {"regions": regions, "title": _("Accueil national"), **todo}
    return render(request, "accueil/national_home.html", context)


def public_home(request):
    figures, newer = national_figures()
    context = {"figures": figures, "newer": newer, "title": _("Accueil")}
    return render(request, "accueil/public_home.html", context)


def region_page(request, code):
    return _region_page(request, region_by_code(code, request.user), {})


def _region_page(request, region, extra: dict):
    organisations = Organisation.objects.visible_to(request.user).in_region(region)
    by_type = dict(organisations.values_list("type").annotate(n=Count("pk")).order_by())
    type_counts = [
        {"type": value, "label": label, "count": by_type.get(value, 0)}
        for value, label in OrganisationType.choices
        if by_type.get(value)
    ]
    context = {
        "region": region,
        "title": region.name,
        "ars_list": organisations.filter(type=OrganisationType.ARS),
        "grades_list": organisations.filter(type=OrganisationType.GRADES, is_active=True),
        "former_grades": organisations.filter(type=OrganisationType.GRADES, is_active=False),
        "departements": region.children.departements().order_by("code"),
        "infra_territories": region.children.filter(level="infra").order_by("name"),
        "ars_areas": region.ars_areas.current(),
        "type_counts": type_counts,
        "total": sum(by_type.values()),
        **extra,
    }
    return render(request, "accueil/region_home.html", context)


@require_POST
def select_region(request):
    """National users choose the region the pages are about (empty = national view)."""
    if not access_for(request.user).is_national:
        raise Http404
    code = request.POST.get("region", "")
    if code:
        region = get_object_or_404(selectable_regions(), code=code)
        request.session[SESSION_KEY] = region.pk
    else:
        request.session.pop(SESSION_KEY, None)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    return redirect(target)
