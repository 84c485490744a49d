"""The CPOM pages: the region's contracts, one contract with its versions, objectives, targets
and achieved values, the forms of the ARS, and the annual management dialogue (page and PDF)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.contrats import perms, review, services
from pilote.contrats.achieved import achieved
from pilote.contrats.forms import (
    ActionForm,
    ActionStatusForm,
    AmendForm,
    CpomForm,
    DialogueForm,
    ObjectiveForm,
    SignForm,
)
from pilote.contrats.models import Action, Cpom
from pilote.core.history_view import history_entries
from pilote.core.pages import apply_service, form_page, run_service
from pilote.financement import queries, queries_plans
from pilote.financement.models import FundingPlan
from pilote.territoires.regions import current_region


def _cpom_or_404(request, pk) -> Cpom:
    return get_object_or_404(
        Cpom.objects.visible_to(request.user).select_related("region", "operator"), pk=pk
    )


def _managed(request, cpom: Cpom) -> Cpom:
    """An edit page of a CPOM the user reads but may not change is a 404 too."""
    if not perms.can_manage_cpom(request.user, cpom):
        raise Http404
    return cpom


def cpom_list(request):
    region = current_region(request)
    cpoms = (
        Cpom.objects.visible_to(request.user)
        .in_region(region)
        .select_related("region", "operator")
        .prefetch_related("versions")
    )
    context = {
        "title": _("Contrats pluriannuels d'objectifs et de moyens (CPOM)"),
        "region": region,
        "cpoms": cpoms,
        "can_manage": region is not None and perms.can_manage_cpom(request.user, region),
    }
    return render(request, "contrats/list.html", context)


def cpom_add(request):
    region = current_region(request)
    if region is None or not perms.can_manage_cpom(request.user, region):
        raise Http404
    form = CpomForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.create_cpom(
                acting_user=request.user, region=region, **form.cleaned_data
            ),
            _("CPOM créé : ajoutez ses objectifs."),
            lambda cpom: reverse("contrats:detail", args=[cpom.pk]),
        )
        if done:
            return done
    return form_page(request, form, _("Nouveau CPOM — %s") % region.name, reverse("contrats:list"))


def _version(cpom: Cpom, request):
    versions = list(cpom.versions.all())
    number = request.GET.get("version")
    if number:
        chosen = [v for v in versions if str(v.number) == number]
        if not chosen:
            raise Http404
        return versions, chosen[0]
    latest = versions[-1]
    return versions, latest


def cpom_detail(request, pk):
    cpom = _cpom_or_404(request, pk)
    versions, version = _version(cpom, request)
    objectives = version.objectives.select_related(
        "indicator__numerator",
        "indicator__denominator",
        "data_element",
        "territory",
        "organisation",
        "version__cpom",
    ).prefetch_related("targets")
    table = []
    for objective in objectives:
        targets = {t.year: t.value for t in objective.targets.all()}
        table.append(
            {
                "objective": objective,
                "years": [
                    {"year": y, "target": targets.get(y), "achieved": achieved(objective, y)}
                    for y in cpom.years
                ],
            }
        )
    lines, years, total = queries.execution_by_line(review.operator_allocations(cpom, request.user))
    context = {
        "title": str(cpom),
        "cpom": cpom,
        "versions": versions,
        "version": version,
        "table": table,
        "lines": lines,
        "years_totals": years,
        "total": total,
        "can_manage": perms.can_manage_cpom(request.user, cpom),
        "is_latest": version == versions[-1],
        "plans": queries_plans.operator_plans(
            FundingPlan.objects.visible_to(request.user).in_region(cpom.region_id),
            cpom.operator,
            cpom.start_year,
            cpom.end_year,
        ),
        "entries": history_entries(cpom),
    }
    return render(request, "contrats/detail.html", context)


def objective_add(request, pk):
    cpom = _managed(request, _cpom_or_404(request, pk))
    version = cpom.latest_version()
    form = ObjectiveForm(request.POST or None, cpom=cpom)
    back = reverse("contrats:detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.add_objective(
                acting_user=request.user, version=version, **form.service_kwargs()
            ),
            _("Objectif ajouté."),
            back,
        )
        if done:
            return done
    return form_page(request, form, _("Ajouter un objectif — %s") % version, back)


def version_sign(request, pk):
    cpom = _managed(request, _cpom_or_404(request, pk))
    version = cpom.latest_version()
    form = SignForm(request.POST or None)
    back = reverse("contrats:detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.sign_version(
                acting_user=request.user, version=version, **form.cleaned_data
            ),
            _("Version signée."),
            back,
        )
        if done:
            return done
    return form_page(request, form, _("Signer — %s") % version, back)


def cpom_amend(request, pk):
    cpom = _managed(request, _cpom_or_404(request, pk))
    form = AmendForm(request.POST or None)
    back = reverse("contrats:detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.amend(acting_user=request.user, cpom=cpom, **form.cleaned_data),
            _("Avenant ouvert : modifiez ses objectifs puis signez-le."),
            back,
        )
        if done:
            return done
    return form_page(request, form, _("Nouvel avenant — %s") % cpom, back)


def _year_of(cpom: Cpom, year: int) -> int:
    if year not in cpom.years:
        raise Http404
    return year


def dialogue(request, pk, year):
    cpom = _cpom_or_404(request, pk)
    data = review.build_review(cpom, _year_of(cpom, year), request.user)
    context = {
        "title": _("Dialogue de gestion %(y)s — %(c)s") % {"y": year, "c": cpom.title},
        "review": data,
        "cpom": cpom,
        "can_manage": perms.can_manage_cpom(request.user, cpom),
        "status_form": ActionStatusForm(),
    }
    return render(request, "contrats/dialogue.html", context)


def dialogue_pdf(request, pk, year):
    from weasyprint import HTML

    cpom = _cpom_or_404(request, pk)
    data = review.build_review(cpom, _year_of(cpom, year), request.user)
    html = render_to_string("contrats/dialogue_pdf.html", {"review": data, "cpom": cpom})
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cpom-{cpom.pk}-{year}.pdf"'
    return response


def dialogue_edit(request, pk, year):
    cpom = _managed(request, _cpom_or_404(request, pk))
    _year_of(cpom, year)
    existing = cpom.dialogues.filter(year=year).first()
    initial = (
        {
            "held_on": existing.held_on,
            "comments": existing.comments,
            "decisions": existing.decisions,
        }
        if existing
        else None
    )
    form = DialogueForm(request.POST or None, initial=initial)
    back = reverse("contrats:dialogue", args=[pk, year])
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.record_dialogue(
                acting_user=request.user, cpom=cpom, year=year, **form.cleaned_data
            ),
            _("Dialogue de gestion enregistré."),
            back,
        )
        if done:
            return done
    return form_page(request, form, _("Dialogue de gestion %(y)s") % {"y": year}, back)


def action_add(request, pk, year):
    cpom = _managed(request, _cpom_or_404(request, pk))
    _year_of(cpom, year)
    form = ActionForm(request.POST or None)
    back = reverse("contrats:dialogue", args=[pk, year])
    if request.method == "POST" and form.is_valid():

        def action():
            dialogue = cpom.dialogues.filter(year=year).first() or services.record_dialogue(
                acting_user=request.user, cpom=cpom, year=year
            )
            return services.add_action(
                acting_user=request.user, dialogue=dialogue, **form.cleaned_data
            )

        done = apply_service(request, form, action, _("Action enregistrée."), back)
        if done:
            return done
    return form_page(request, form, _("Nouvelle action — dialogue %(y)s") % {"y": year}, back)


@require_POST
def action_status(request, pk):
    action = get_object_or_404(
        Action.objects.filter(
            dialogue__cpom__in=Cpom.objects.visible_to(request.user)
        ).select_related("dialogue__cpom"),
        pk=pk,
    )
    cpom = _managed(request, action.dialogue.cpom)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        # no user text in a message: django-dsfr renders messages as safe HTML
        messages.error(request, _("État de l'action inconnu : choisissez-le dans la liste."))
    else:
        run_service(
            request,
            lambda: services.set_action_status(
                acting_user=request.user, action=action, status=form.cleaned_data["status"]
            ),
            _("État de l'action enregistré."),
        )
    year = request.POST.get("annee", "")
    year = int(year) if year.isdigit() and int(year) in cpom.years else action.dialogue.year
    return redirect("contrats:dialogue", cpom.pk, year)
