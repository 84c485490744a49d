"""The GRADeS set-up follow-up page (the milestones of every region the user reads) and the
regional governance overview."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from pilote.comptes.scoping import readable_region_ids
from pilote.gouvernance import setup_followup
from pilote.gouvernance.overview import region_overview
from pilote.territoires.models import Territory


def setup_table(request):
    rows = setup_followup.setup_rows(request.user)
    reported, shown = setup_followup.coverage(rows)
    return render(
        request,
        "gouvernance/setup_table.html",
        {
            "title": _("Mise en place des GRADeS"),
            "rows": rows,
            "milestones": [label for _code, label in setup_followup.MILESTONES],
            "reported": reported,
            "shown": shown,
        },
    )


def region(request, code):
    """A region's governance at a glance: 404 to whoever does not read the region."""
    region = get_object_or_404(Territory.objects.current().ars_regions(), code=code)
    readable = readable_region_ids(request.user)
    if readable is not None and region.pk not in readable:
        raise Http404
    context = region_overview(request.user, region)
    context.update(
        {
            "title": _("Gouvernance — %s") % region.name,
            "region": region,
            "milestones": [label for _code, label in setup_followup.MILESTONES],
        }
    )
    return render(request, "gouvernance/region.html", context)
