"""The public national dashboard per region, region pages and open-data downloads."""

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core import strict_json
from pilote.core.exports import csv_response, xlsx_response
from pilote.indicateurs import charts, dashboard, opendata
from pilote.indicateurs.models import Indicator
from pilote.indicateurs.periods import PeriodError, parse
from pilote.territoires.models import Territory


def _period(request, state: dashboard.Publication) -> str | None:
    """The period asked for (404 if not a period code), else the default one: the latest
    semester whose coverage passes the publication threshold."""
    wanted = request.GET.get("periode")
    if wanted:
        try:
            return parse(wanted).code
        except PeriodError:
            raise Http404 from None
    return state.default.code if state.default else None


def _period_context(request, indicators) -> dict:
    state = dashboard.publication(indicators)
    period = _period(request, state)
    option = state.option(period) if period else None
    return {
        "publication": state,
        "periods": state.choices(),
        "period": period,
        "period_label": option.label if option else (parse(period).label() if period else ""),
        "period_label_plain": parse(period).label() if period else "",
        "period_coverage": option.coverage if option else None,
    }


def national(request):
    indicators = dashboard.dashboard_indicators()
    context = _period_context(request, indicators)
    context["title"] = _("Tableau de bord national du socle commun par région")
    if context["period"]:
        context.update(
            dashboard.national_table(context["period"], indicators, context["publication"])
        )
    return render(request, "indicateurs/dashboard.html", context)


def region(request, code):
    region_obj = get_object_or_404(Territory.objects.current().ars_regions(), code=code)
    indicators = dashboard.dashboard_indicators()
    context = _period_context(request, indicators)
    period = context["period"]
    chart_list = []
    subregional = {"indicators": [], "rows": []}
    region_row = table = None
    if period:
        for series in dashboard.region_series_many(indicators, region_obj, period):
            indicator = series["indicator"]
            chart_id = f"chart-{indicator.code.lower()}"
            chart_list.append(
                {
                    "series": series,
                    "spec": charts.vega_spec(series),
                    "summary": charts.summary(series),
                    "rows": charts.rows(series),
                    "id": chart_id,
                    "spec_id": f"{chart_id}-spec",
                }
            )
        subregional = dashboard.subregional_rows(
            region_obj, period, dashboard.subregional_indicators(indicators)
        )
        table = dashboard.national_table(period, indicators, context["publication"])
        region_row = next(r for r in table["rows"] if r["region"].pk == region_obj.pk)
    context.update(
        {
            "region": region_obj,
            "charts": chart_list,
            "indicators": indicators,
            "region_cells": list(zip(indicators, region_row["cells"], strict=True))
            if region_row
            else [],
            "subregional": subregional,
            "region_coverage": table["region_coverage"].get(region_obj.pk) if table else None,
            "title": _("Tableau de bord — %s") % region_obj.name,
        }
    )
    return render(request, "indicateurs/dashboard_region.html", context)


def region_chart_svg(request, code, indicator):
    """One chart of a region page as an SVG file (accepted data only, like the page)."""
    region_obj = get_object_or_404(Territory.objects.current().ars_regions(), code=code)
    indicator_obj = get_object_or_404(Indicator.objects.filter(on_dashboard=True), code=indicator)
    period = _period(request, dashboard.publication())
    if period is None:
        raise Http404
    spec = charts.vega_spec(dashboard.region_series(indicator_obj, region_obj, period))
    spec["title"] = f"{indicator_obj.name} — {region_obj.name}"
    response = HttpResponse(charts.to_svg(spec), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{region_obj.code}-{indicator_obj.code.lower()}-{period}.svg"'
    )
    return response


def data(request, fmt):
    """The national table of a period as CSV, JSON or XLSX (the same rows as the page)."""
    period = _period(request, dashboard.publication())
    if period is None:
        raise Http404
    filename = f"tableau-de-bord-{period}"
    if fmt == "csv":
        # one row per region and indicator: built whole, so that it is cached like the others
        rows = opendata.as_lists(period)
        return csv_response(filename, opendata.names(), rows, streamed=False)
    if fmt == "xlsx":
        title = _("Tableau de bord %s") % period
        return xlsx_response(filename, title, opendata.headers(), opendata.as_lists(period))
    table = dashboard.national_table(period)
    return _json(
        {
            "periode": period,
            "couverture": table["coverage"].as_dict() if table["coverage"] else None,
            "schema": request.build_absolute_uri(reverse("dashboard:schema")),
            "donnees": list(opendata.records(period, table)),
        }
    )


def schema(request):
    """Table Schema (frictionless) of the dashboard downloads."""
    return _json(opendata.schema())


def _json(data: dict) -> HttpResponse:
    """Open data as valid JSON whatever the figures (no NaN or Infinity)."""
    text = strict_json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(text, content_type="application/json")
