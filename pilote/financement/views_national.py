"""The national view: every region's envelopes and their execution by budget line and year,
for the national roles, with an XLSX export (the same figures as `GET /api/v1/funding/national`)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from pilote.core.exports import dated, xlsx_response
from pilote.financement import perms, queries
from pilote.financement.models import Envelope


def national(request):
    if not perms.can_read_national_funding(request.user):
        raise Http404
    envelopes = Envelope.objects.visible_to(request.user)
    years = sorted(set(envelopes.values_list("year", flat=True)), reverse=True)
    raw = request.GET.get("annee", "")
    year = int(raw) if raw.isdigit() else None
    if year is not None:
        envelopes = envelopes.filter(year=year)
    rows, totals = queries.by_region_and_line(envelopes)
    if request.GET.get("format") == "xlsx":
        return _export(rows)
    context = {
        "title": _("Financements — vue nationale"),
        "years": years,
        "year": year,
        "rows": rows,
        "totals": totals,
    }
    return render(request, "financement/national.html", context)


def _export(rows):
    headers = [
        _("Année"),
        _("Région"),
        _("Domaine"),
        _("Ligne"),
        _("Montant (€)"),
        _("Programmé (€)"),
        _("Engagé (€)"),
        _("Payé (€)"),
        _("Reporté (€)"),
        _("Reste à programmer (€)"),
    ]
    lines = (
        [
            r.year,
            r.region.name,
            r.line.get_domain_display(),
            r.line.name,
            r.totals.amount,
            r.totals.programmed,
            r.totals.committed,
            r.totals.paid,
            r.totals.carried,
            r.totals.remaining,
        ]
        for r in rows
    )
    return xlsx_response(dated("financements-national"), _("Vue nationale"), headers, lines)
