"""An operator's grid: read it (with last year's answers beside), fill it online, start the
grid of a year; the GRADeS of the region fills, the national administrator may too."""

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.core.history_view import history_entries
from pilote.core.pages import REFUSED, apply_service, run_service
from pilote.enquete import perms, services
from pilote.enquete.forms import GridForm
from pilote.enquete.models import Grid
from pilote.enquete.services_answers import index_levels
from pilote.enquete.views import campaign_or_404
from pilote.portefeuille.models import Impulsion, Phase, Project

KEY_FIELDS = ("etp_total", "budget_operating", "budget_investment", "budget_total")


def grid_or_404(request, pk) -> Grid:
    if not perms.can_view_survey(request.user):
        raise Http404
    return get_object_or_404(
        Grid.objects.visible_to(request.user).select_related(
            "campaign__methodology", "territory", "ars_area", "region", "operator"
        ),
        pk=pk,
    )


def _same_operator(grid: Grid) -> Q:
    same = Q(operator_name__iexact=grid.operator_name)
    if grid.operator_id:
        same |= Q(operator_id=grid.operator_id)
    return same


def previous_grid(grid: Grid) -> Grid | None:
    """The same operator's grid of the latest earlier year (this campaign or an earlier one)."""
    return (
        Grid.objects.filter(_same_operator(grid), year__lt=grid.year)
        .exclude(pk=grid.pk)
        .order_by("-year", "-campaign__created_at")
        .first()
    )


def _figure_rows(grid: Grid, previous: Grid | None) -> list[dict]:
    values = {f.key: f.value for f in grid.figures.all()}
    before = {f.key: f.value for f in previous.figures.all()} if previous else {}
    return [
        {"label": f["label"], "value": values.get(f["key"]), "previous": before.get(f["key"])}
        for f in grid.campaign.methodology.definition["figures"]
    ]


def portfolio_rows(grid: Grid, user) -> list[dict]:
    """The projects the operator carries (MOA), by phase and impulsion, read from the
    portfolio module (never re-collected): as stored in the grid when it was sent or its
    campaign closed, else as they are now (as the user reads them)."""
    if grid.operator_id is None:
        return []
    if grid.portfolio_read_at is not None:
        counts = grid.portfolio or []
    else:
        counts = (
            Project.objects.visible_to(user)
            .filter(moa_id=grid.operator_id)
            .values("phase", "impulsion")
            .annotate(count=Count("pk"))
            .order_by("phase", "impulsion")
        )
    phases, impulsions = dict(Phase.choices), dict(Impulsion.choices)
    return [
        {
            "phase": phases.get(c["phase"], c["phase"]),
            "impulsion": impulsions.get(c["impulsion"], c["impulsion"]),
            "count": c["count"],
        }
        for c in counts
    ]


def grid_detail(request, pk):
    grid = grid_or_404(request, pk)
    previous = previous_grid(grid)
    rows = [
        {
            "label": Grid._meta.get_field(name).verbose_name,
            "value": getattr(grid, name),
            "previous": getattr(previous, name) if previous else None,
        }
        for name in KEY_FIELDS
    ]
    context = {
        "title": str(grid),
        "grid": grid,
        "previous": previous,
        "rows": rows,
        "figures": _figure_rows(grid, previous),
        "population": grid.population(),
        "portfolio": portfolio_rows(grid, request.user),
        "can_fill": grid.campaign.is_open and perms.can_fill_grid(request.user, grid.region),
        "can_review": perms.can_review_answers(request.user),
        "indices": index_levels(grid),
        "entries": history_entries(grid),
    }
    return render(request, "enquete/grid.html", context)


def grid_edit(request, pk):
    grid = grid_or_404(request, pk)
    if not perms.can_fill_grid(request.user, grid.region):
        raise Http404
    figures = [(f["key"], f["label"]) for f in grid.campaign.methodology.definition["figures"]]
    initial = {name: getattr(grid, name) for name in services.GRID_FIELDS}
    for figure in grid.figures.all():
        initial["figure__" + figure.key.replace(".", "__")] = figure.value
    form = GridForm(request.POST or None, initial=initial, figures=figures)
    if request.method == "POST" and form.is_valid():
        values, figure_values = form.split()
        done = apply_service(
            request,
            form,
            lambda: services.update_grid(
                acting_user=request.user, grid=grid, values=values, figures=figure_values
            ),
            _("Grille enregistrée."),
            reverse("enquete:grid", args=[grid.pk]),
        )
        if done:
            return done
    previous = previous_grid(grid)
    context = {
        "title": _("Remplir la grille — %s") % grid,
        "grid": grid,
        "form": form,
        "previous": previous,
        "previous_values": _previous_values(previous),
    }
    return render(request, "enquete/grid_edit.html", context)


def _previous_values(previous: Grid | None) -> dict:
    """Last year's answers by form field name, shown beside each field."""
    if previous is None:
        return {}
    values = {name: getattr(previous, name) for name in services.GRID_FIELDS}
    for figure in previous.figures.all():
        values["figure__" + figure.key.replace(".", "__")] = figure.value
    return {k: v for k, v in values.items() if v not in (None, "")}


@require_POST
def grid_start(request, pk, year):
    """The GRADeS manager opens its grid of a year of the campaign (created empty the first
    time)."""
    campaign = campaign_or_404(request, pk)
    grid = run_service(
        request,
        lambda: services.start_grid(acting_user=request.user, campaign=campaign, year=year),
    )
    if grid is REFUSED:
        return redirect("enquete:detail", pk=campaign.pk)
    return redirect("enquete:grid_edit", pk=grid.pk)


@require_POST
def grid_submit(request, pk):
    grid = grid_or_404(request, pk)
    if not perms.can_fill_grid(request.user, grid.region):
        raise Http404
    run_service(
        request,
        lambda: services.submit_grid(acting_user=request.user, grid=grid),
        _("Grille transmise au niveau national."),
    )
    return redirect("enquete:grid", pk=grid.pk)


def operator_grids(grid: Grid) -> list[Grid]:
    """The same operator's grids in every campaign, oldest year first (its trajectory)."""
    return list(
        Grid.objects.filter(_same_operator(grid))
        .select_related("campaign", "territory", "ars_area")
        .prefetch_related("ars_area__regions")
        .order_by("year", "campaign__created_at")
    )


def monograph_pdf(request, pk):
    """The operator's monograph: identity, trajectory between years, indices, risks and its
    ARS's answers to the questionnaire."""
    from weasyprint import HTML

    from pilote.enquete.models import Questionnaire
    from pilote.enquete.synthesis import per_inhabitant

    grid = grid_or_404(request, pk)
    trajectory = [
        {"grid": g, "per_inhabitant": per_inhabitant(g.budget_total, g.population())}
        for g in operator_grids(grid)
    ]
    figures = {f.key: f.value for f in grid.figures.all()}
    risks = [
        {"label": r["label"], "impact": figures.get(f"risque.{r['code']}")}
        for r in grid.campaign.methodology.definition["risks"]
    ]
    questionnaire = (
        Questionnaire.objects.visible_to(request.user)
        .filter(campaign=grid.campaign)
        .in_region(grid.region)
        .first()
    )
    questions = questionnaire.rows() if questionnaire is not None else []
    context = {
        "grid": grid,
        "trajectory": trajectory,
        "indices": index_levels(grid),
        "risks": risks,
        "questionnaire": questionnaire,
        "questions": questions,
    }
    html = render_to_string("enquete/monograph_pdf.html", context)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="monographie-{grid.pk}.pdf"'
    return response
