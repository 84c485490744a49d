"""The public regional catalogues of digital services (no login needed)."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from pilote.core.formats import sort_key
from pilote.portefeuille.models import DigitalService
from pilote.territoires.models import Territory


def catalogue_index(request):
    regions = sorted(Territory.objects.current().ars_regions(), key=lambda r: sort_key(r.name))
    counts = {}
    for region_id in DigitalService.objects.published().values_list("region_id", flat=True):
        counts[region_id] = counts.get(region_id, 0) + 1
    rows = [(r, counts.get(r.pk, 0)) for r in regions]
    return render(
        request,
        "portefeuille/catalogue_index.html",
        {"rows": rows, "title": _("Catalogues régionaux des services numériques")},
    )


def catalogue_region(request, code):
    region = get_object_or_404(Territory.objects.current().ars_regions(), code=code)
    services = (
        DigitalService.objects.published()
        .in_region(region)
        .select_related("operator", "socle_service")
        .prefetch_related("territories")
    )
    context = {
        "region": region,
        "services": services,
        "title": _("Services numériques en santé — %s") % region.name,
    }
    return render(request, "portefeuille/catalogue_region.html", context)
