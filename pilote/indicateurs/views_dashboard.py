"""The public national dashboard per region, region pages and open-data downloads."""

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core import strict_json
from pilote.core.exports import csv_response
from pilote.indicateurs import charts, dashboard
from pilote.indicateurs.models import Indicator
from pilote.indicateurs.periods import PeriodError, parse
from pilote.territoires.models import Territory


def _period(request) -> str | None:
    periods = dashboard.available_periods()
    wanted = request.GET.get("periode")
    if wanted:
        try:
            return parse(wanted).code
        except PeriodError:
            raise Http404 from None
    return periods[0] if periods else None


def national(request):
    period = _period(request)
    context = {
        "periods": dashboard.period_choices(dashboard.available_periods()),
        "period": period,
        "title": _("Tableau de bord national du socle commun par région"),
    }
    if period:
        context.update(dashboard.national_table(period))
    return render(request, "indicateurs/dashboard.html", context)


def region(request, code):
    region_obj = get_object_or_404(Territory.objects.current().ars_regions(), code=code)
    period = _period(request)
    charts, indicators = [], dashboard.dashboard_indicators()
    if period:
        for indicator in indicators:
            series = dashboard.region_series(indicator, region_obj, period)
            chart_id = f"chart-{indicator.code.lower()}"
            charts.append(
                {
                    "series": series,
                    "spec": dashboard.vega_spec(series),
                    "id": chart_id,
                    "spec_id": f"{chart_id}-spec",
                }
            )
    context = {
        "region": region_obj,
        "period": period,
        "charts": charts,
        "indicators": indicators,
        "subregional": dashboard.subregional_rows(region_obj, period, indicators) if period else [],
        "title": _("Tableau de bord — %s") % region_obj.name,
    }
    return render(request, "indicateurs/dashboard_region.html", context)


def region_chart_svg(request, code, indicator):
    """One chart of a region page as an SVG file (accepted data only, like the page)."""
    region_obj = get_object_or_404(Territory.objects.current().ars_regions(), code=code)
    indicator_obj = get_object_or_404(Indicator.objects.filter(on_dashboard=True), code=indicator)
    period = _period(request)
    if period is None:
        raise Http404
    spec = dashboard.vega_spec(dashboard.region_series(indicator_obj, region_obj, period))
    spec["title"] = f"{indicator_obj.name} — {region_obj.name}"
    response = HttpResponse(charts.to_svg(spec), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{region_obj.code}-{indicator_obj.code.lower()}-{period}.svg"'
    )
    return response


FIELDS = [
    ("periode", "string", "Période (2024S2 : second semestre 2024)"),
    ("region_code", "string", "Code INSEE de la région (FR pour la France entière)"),
    ("region", "string", "Nom de la région"),
    ("indicateur_code", "string", "Code de l'indicateur"),
    ("indicateur", "string", "Nom de l'indicateur"),
    ("valeur", "number", "Valeur de l'indicateur (données acceptées par le niveau national)"),
    ("unite", "string", "Unité"),
    ("cible", "number", "Cible de la période"),
]


def _records(period: str):
    table = dashboard.national_table(period)
    for row in table["rows"] + [{"region": None, "cells": table["nation"]}]:
        region_obj = row["region"]
        for indicator, cell in zip(table["indicators"], row["cells"], strict=True):
            yield {
                "periode": period,
                "region_code": region_obj.code if region_obj else "FR",
                "region": region_obj.name if region_obj else "France",
                "indicateur_code": indicator.code,
                "indicateur": indicator.name,
                "valeur": None if cell.value is None else round(cell.value, 4),
                "unite": indicator.unit,
                "cible": cell.target,
            }


def data(request, fmt):
    period = _period(request)
    if period is None:
        raise Http404
    if fmt == "csv":
        return csv_response(
            f"tableau-de-bord-{period}",
            [f[0] for f in FIELDS],
            ([r[f[0]] for f in FIELDS] for r in _records(period)),
        )
    return _json(
        {
            "periode": period,
            "schema": request.build_absolute_uri(reverse("dashboard:schema")),
            "donnees": list(_records(period)),
        }
    )


def schema(request):
    """Table Schema (frictionless) of the dashboard downloads."""
    return _json(
        {
            "name": "tableau-de-bord-socle-commun",
            "title": "Tableau de bord national du socle commun par région",
            "fields": [{"name": n, "type": t, "description": d} for n, t, d in FIELDS],
            "primaryKey": ["periode", "region_code", "indicateur_code"],
            "missingValues": [""],
        }
    )


def _json(data: dict) -> HttpResponse:
    """Open data as valid JSON whatever the figures (no NaN or Infinity)."""
    text = strict_json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(text, content_type="application/json")
