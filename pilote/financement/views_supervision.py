"""The ARS's supervision page of its regional operator (instruction of 2017, annex D: "une
vision précise … l'avancement des projets, l'utilisation des fonds ou encore les capacités
disponibles"): the operator's projects (phases, health, late milestones, from the portfolio's
queries), the use of funds by year, line and funder, staff capacity, and the payments of the
year cumulated by month; with an XLSX export of the figures."""

import datetime

from django.db.models import Sum
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from pilote.acteurs.models import Organisation, OrganisationType
from pilote.core.exports import dated, xlsx_response
from pilote.core.formats import euros
from pilote.financement import perms, queries, queries_plans
from pilote.financement.models import Allocation, FundingPlan, Payment
from pilote.portefeuille import queries as portfolio
from pilote.portefeuille.models import Project, Staffing
from pilote.territoires.regions import current_region

MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


def _operator(request, region):
    """The operator supervised: the region's active GRADeS (not a former GCS it absorbed), or
    the organisation `?operateur=` names."""
    organisations = Organisation.objects.in_region(region)
    chosen = request.GET.get("operateur", "")
    if chosen:
        operator = organisations.filter(pk=chosen).first() if chosen.isdigit() else None
        if operator is None:
            raise Http404
        return operator
    grades = organisations.filter(type=OrganisationType.GRADES).order_by("-is_active", "name")
    return grades.first()


def _year(request, allocations) -> int:
    raw = request.GET.get("annee", "")
    if raw.isdigit():
        return int(raw)
    years = allocations.values_list("envelope__year", flat=True)
    return max(years, default=datetime.date.today().year)


def supervision_data(user, region, operator, year, today=None) -> dict:
    """Every figure of the page (and of its export) for `operator` in `region`."""
    today = today or datetime.date.today()
    allocations = Allocation.objects.visible_to(user).in_region(region).filter(beneficiary=operator)
    lines, years, total = queries.execution_by_line(allocations)
    projects = queries_plans.operator_projects(
        Project.objects.visible_to(user).in_region(region), operator
    )
    progress = portfolio.overview(projects, today)
    late_by_project: dict = {}
    for milestone in progress["late_milestones"]:
        late_by_project.setdefault(milestone.project_id, []).append(milestone)
    months = queries.payments_by_month(
        Payment.objects.visible_to(user).filter(commitment__allocation__in=allocations), year
    )
    capacity = list(
        Staffing.objects.filter(project__in=projects, year=year)
        .order_by("profile")
        .values("profile")
        .annotate(fte=Sum("fte"))
    )
    labels = dict(Staffing._meta.get_field("profile").choices)
    for row in capacity:
        row["label"] = labels.get(row["profile"], row["profile"])
    return {
        "operator": operator,
        "year": year,
        "lines": lines,
        "years_totals": years,
        "year_total": years.get(year, queries.Execution()),
        "total": total,
        "projects": [
            {"project": p, "late": late_by_project.get(p.pk, [])}
            for p in projects.select_related("moa").order_by("phase", "code")
        ],
        "progress": progress,
        "months": [(MONTHS[m - 1], paid, cumulated) for m, paid, cumulated in months],
        "capacity": capacity,
        "capacity_total": sum((r["fte"] for r in capacity), 0),
        "capacity_years": queries_plans.capacity_by_year(operator, projects, [year]),
        "plan": queries_plans.plan_for_year(
            FundingPlan.objects.visible_to(user).in_region(region), operator, year
        ),
    }


def monthly_svg(months, width: int = 640, height: int = 220) -> str:
    """Payments cumulated by month as bars (the table next to it gives the same figures)."""
    top = max((c for _m, _p, c in months), default=0) or 1
    left, bottom, step = 10, height - 30, (width - 20) / 12
    bars = [
        {
            "x": left + i * step + 4,
            "w": step - 8,
            "h": float(cumulated) / float(top) * (bottom - 20),
            "label": label,
        }
        for i, (label, _paid, cumulated) in enumerate(months)
    ]
    for bar in bars:
        bar["y"] = bottom - bar["h"]
    return render_to_string(
        "financement/_monthly.svg",
        {"width": width, "height": height, "bars": bars, "bottom": bottom, "top": euros(top)},
    )


def supervision(request):
    region = current_region(request)
    if region is None:
        return render(request, "financement/supervision.html", {"title": _("Supervision")})
    if not perms.can_read_funding(request.user, region):
        raise Http404
    operator = _operator(request, region)
    if operator is None:
        raise Http404
    allocations = Allocation.objects.visible_to(request.user).in_region(region)
    year = _year(request, allocations.filter(beneficiary=operator))
    data = supervision_data(request.user, region, operator, year)
    if request.GET.get("format") == "xlsx":
        return _export(region, data)
    context = {
        "title": _("Supervision de %(o)s") % {"o": operator.name},
        "region": region,
        "chart": monthly_svg(data["months"]),
        "operators": Organisation.objects.in_region(region)
        .filter(pk__in=allocations.values("beneficiary"))
        .order_by("name"),
        **data,
    }
    return render(request, "financement/supervision.html", context)


def _export(region, data):
    headers = [
        _("Opérateur"),
        _("Année"),
        _("Ligne"),
        _("Financeur"),
        _("Programmé (€)"),
        _("Engagé (€)"),
        _("Payé (€)"),
        _("Reste à payer (€)"),
    ]
    rows = [
        [
            data["operator"].name,
            r.year,
            r.line.name,
            r.funder.name,
            r.execution.programmed,
            r.execution.committed,
            r.execution.paid,
            r.execution.remaining,
        ]
        for r in data["lines"]
    ]
    return xlsx_response(
        dated(f"supervision-{region.code}-{data['operator'].pk}"), _("Supervision"), headers, rows
    )
