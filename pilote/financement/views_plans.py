"""The multi-year funding plans: the region's plans, one plan's table year × funder (planned
next to what is programmed, committed and paid), its XLSX export, and the ARS's forms."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.exports import dated, xlsx_response
from pilote.core.history_view import history_entries
from pilote.core.pages import apply_service, form_page
from pilote.financement import perms, plans, queries_plans
from pilote.financement.forms_plans import CapacityForm, PlanAmountForm, PlanForm
from pilote.financement.models_plans import FundingPlan
from pilote.financement.views import _managed_region
from pilote.territoires.regions import current_region


def plan_list(request):
    region = current_region(request)
    visible = FundingPlan.objects.visible_to(request.user).in_region(region)
    context = {
        "title": _("Plans de financement pluriannuels"),
        "region": region,
        "plans": visible.select_related("operator", "project", "region"),
        "can_manage": region is not None and perms.can_manage_funding(request.user, region),
    }
    return render(request, "financement/plans.html", context)


def plan_add(request):
    region = _managed_region(request, current_region(request))
    form = PlanForm(request.POST or None, user=request.user, region=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply_service(
            request,
            form,
            lambda: plans.create_plan(acting_user=request.user, region=region, **data),
            _("Plan de financement créé."),
            lambda plan: reverse("financement:plan", args=[plan.pk]),
        )
        if done:
            return done
    title = _("Nouveau plan de financement — %s") % region.name
    return form_page(request, form, title, reverse("financement:plans"))


def _plan_or_404(request, pk) -> FundingPlan:
    return get_object_or_404(
        FundingPlan.objects.visible_to(request.user).select_related("operator", "project"), pk=pk
    )


def plan_detail(request, pk):
    plan = _plan_or_404(request, pk)
    data = queries_plans.plan_figures(request.user, plan)
    if request.GET.get("format") == "xlsx":
        return _export(plan, data["table"])
    context = {
        "title": str(plan),
        "plan": plan,
        "can_manage": perms.can_manage_funding(request.user, plan.region),
        "entries": history_entries(plan),
        **data,
    }
    return render(request, "financement/plan_detail.html", context)


def _plan_form(request, pk, form_class, service, success: str, title: str, operator_only=False):
    """A form of the ARS on a plan: `service(plan, **cleaned_data)` on a valid POST."""
    plan = _plan_or_404(request, pk)
    _managed_region(request, plan.region)
    if operator_only and plan.operator_id is None:
        raise Http404
    form = form_class(request.POST or None, plan=plan)
    back = reverse("financement:plan", args=[pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply_service(request, form, lambda: service(plan, **data), success, back)
        if done:
            return done
    return form_page(request, form, title % {"p": plan.subject}, back)


def plan_amount(request, pk):
    return _plan_form(
        request,
        pk,
        PlanAmountForm,
        lambda plan, **data: plans.set_planned(acting_user=request.user, plan=plan, **data),
        _("Montant prévu enregistré."),
        _("Montant prévu — %(p)s"),
    )


def plan_capacity(request, pk):
    return _plan_form(
        request,
        pk,
        CapacityForm,
        lambda plan, **data: plans.set_capacity(
            acting_user=request.user, operator=plan.operator, **data
        ),
        _("Capacité enregistrée."),
        _("ETP disponibles — %(p)s"),
        operator_only=True,
    )


def _export(plan, table):
    headers = [
        _("Plan"),
        _("Financeur"),
        _("Année"),
        _("Prévu (€)"),
        _("Programmé (€)"),
        _("Engagé (€)"),
        _("Payé (€)"),
        _("Part du financeur (prévu, %)"),
    ]
    rows = [
        [str(plan), row.funder.name, year, c.planned, c.programmed, c.committed, c.paid, row.share]
        for row in table.rows
        for year, c in sorted(row.cells.items())
    ]
    rows += [
        [str(plan), _("Total"), year, c.planned, c.programmed, c.committed, c.paid, None]
        for year, c in sorted(table.year_totals.items())
    ]
    return xlsx_response(dated(f"plan-{plan.pk}"), _("Plan de financement"), headers, rows)
