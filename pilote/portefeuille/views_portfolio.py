"""Portfolio-wide pages: list with filters and exports, regional overview, compliance view,
national comparison."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from pilote.comptes.access import access_for
from pilote.core.exports import csv_response, dated, xlsx_response
from pilote.core.paging import KeysFirstPaginator
from pilote.portefeuille import perms, queries, services
from pilote.portefeuille.forms import ProjectFilterForm
from pilote.portefeuille.models import Programme
from pilote.territoires.regions import current_region


def _scope(request):
    """The region the portfolio pages are about (None = every visible region)."""
    return current_region(request)


def _filtered(request):
    region = _scope(request)
    projects = queries.portfolio(request.user, region)
    programmes = Programme.objects.visible_to(request.user).in_region(region)
    form = ProjectFilterForm(
        request.GET or None,
        programmes=programmes.select_related("strategy"),
        user=request.user,
        region=region,
    )
    if form.is_valid():
        projects = queries.apply_filters(projects, form.cleaned_data)
    return region, form, projects.order_by("region__name", "code")


def project_list(request):
    region, form, projects = _filtered(request)
    page = KeysFirstPaginator(projects, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "region": region,
        "title": _("Portefeuille de projets"),
        "query_string": request.GET.urlencode(),
        "can_create": perms.can_create_project(request.user, region),
        "can_import": perms.can_import_projects(request.user),
    }
    template = (
        "portefeuille/_project_rows.html" if request.htmx else "portefeuille/project_list.html"
    )
    return render(request, template, context)


EXPORT_HEADERS = [
    _("Code"),
    _("Intitulé"),
    _("Région"),
    _("Programme"),
    _("Phase"),
    _("Météo"),
    _("Motif de la météo"),
    _("Impulsion"),
    _("MOA"),
    _("MOA déléguée"),
    _("Services du socle"),
    _("Porteur"),
    _("Utilisateurs cibles"),
]


def export_rows(projects):
    for p in projects:
        yield [
            p.code,
            p.title,
            p.region.name,
            str(p.programme) if p.programme else "",
            p.get_phase_display(),
            p.health_label,
            "" if p.is_stopped else p.health_reason,
            p.get_impulsion_display(),
            p.moa.name,
            p.moa_delegate.name if p.moa_delegate else "",
            ", ".join(s.name for s in p.socle_services.all()),
            p.porteur,
            ", ".join(p.target_labels),
        ]


def project_export(request, fmt):
    _region, _form, projects = _filtered(request)
    name = dated("portefeuille")
    if fmt == "csv":
        return csv_response(name, EXPORT_HEADERS, export_rows(projects))
    return xlsx_response(name, _("Portefeuille"), EXPORT_HEADERS, export_rows(projects))


def portfolio_overview(request):
    region = _scope(request)
    projects = queries.portfolio(request.user, region)
    context = {
        "region": region,
        "title": _("Vue d'ensemble du portefeuille"),
        **queries.overview(projects),
    }
    return render(request, "portefeuille/overview.html", context)


def compliance_overview(request):
    region = _scope(request)
    projects = services.projects_with_unmet_referentiels(
        queries.portfolio(request.user, region)
    ).order_by("region__name", "code")
    context = {
        "region": region,
        "projects": projects,
        "title": _("Projets ne respectant pas un référentiel applicable"),
    }
    return render(request, "portefeuille/compliance_overview.html", context)


def national_comparison(request):
    context = {
        "title": _("Couverture du socle commun par région"),
        "is_national": access_for(request.user).is_national,
        **queries.socle_coverage(),
    }
    return render(request, "portefeuille/national_comparison.html", context)
