"""The options of an organisation picker narrowed as the user types (htmx, `pickers.py`)."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from pilote.acteurs.pickers import (
    SCOPES,
    SEARCH_LIMIT,
    organisation_label,
    picker_queryset,
    search_organisations,
)
from pilote.territoires.models import Territory

FIELD_RE = re.compile(r"^[a-z_]{1,40}$")
ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


def picker_options(request):
    """`<option>`s of the organisations of scope `portee` the user may read that match the
    search, the chosen ones first (kept selected), and the count for screen readers."""
    field, scope = request.GET.get("champ", ""), request.GET.get("portee", "")
    element_id = request.GET.get("id", "")
    if not FIELD_RE.match(field) or scope not in SCOPES or not ID_RE.match(element_id):
        raise Http404
    region = None
    if request.GET.get("region"):
        region = get_object_or_404(
            Territory.objects.visible_to(request.user).regions(), code=request.GET["region"]
        )
    chosen_ids = [pk for pk in request.GET.getlist(field) if pk.isdigit()]
    offered = picker_queryset(request.user, scope, region)
    chosen = list(offered.filter(pk__in=chosen_ids))
    matches = search_organisations(offered, request.GET.get(f"{field}__recherche", ""))
    matches = matches.exclude(pk__in=[o.pk for o in chosen])
    total = matches.count()
    context = {
        "id": element_id,
        "empty": request.GET.get("vide") == "1",
        "chosen": [(o.pk, organisation_label(o)) for o in chosen],
        "found": [(o.pk, organisation_label(o)) for o in matches[:SEARCH_LIMIT]],
        "total": total + len(chosen),
        "more": total > SEARCH_LIMIT,
        "limit": SEARCH_LIMIT,
    }
    return render(request, "acteurs/pickers/options.html", context)
