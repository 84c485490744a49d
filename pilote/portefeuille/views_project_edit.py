"""Pages that change a project (all through portefeuille.services)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.core.pages import apply_service, form_page
from pilote.portefeuille import perms, services
from pilote.portefeuille.forms import (
    ConvergenceForm,
    DocumentForm,
    GateDecisionForm,
    GateRequestForm,
    MilestoneForm,
    ProjectForm,
    RiskForm,
    StaffingForm,
)
from pilote.portefeuille.models import GateDecision, Milestone, Phase, Project, Risk, Staffing
from pilote.portefeuille.views_project import (
    compliance_page,
    decisions_page,
    requestable_phases,
    visible_project_or_404,
)
from pilote.territoires.regions import current_region

PROJECT_FIELDS = ProjectForm.Meta.fields
# the similar projects and needs of the other regions, listed as the project is written
SIMILAR_AS_YOU_TYPE = "cooperation/_draft_similar_slot.html"
CHILDREN = {
    "jalon": (Milestone, MilestoneForm, "milestones", "portefeuille:project_planning", _("jalon")),
    "risque": (Risk, RiskForm, "risks", "portefeuille:project_risks", _("risque")),
    "etp": (Staffing, StaffingForm, "staffing", "portefeuille:project_planning", _("ressource")),
    "document": (None, DocumentForm, "documents", "portefeuille:project", _("document")),
}


def editable_project_or_404(request, pk) -> Project:
    project = visible_project_or_404(request, pk)
    if not perms.can_edit_project(request.user, project):
        raise Http404
    return project


def _relations(form) -> dict:
    return {name: list(form.cleaned_data[name]) for name in ("other_regions", "amoa", "moe")}


def project_create(request):
    region = current_region(request)
    if not perms.can_create_project(request.user, region):
        raise Http404
    form = ProjectForm(request.POST or None, region=region, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in PROJECT_FIELDS}
        done = apply_service(
            request,
            form,
            lambda: services.create_project(
                acting_user=request.user,
                region=region,
                socle_services=list(form.cleaned_data["socle_services"]),
                relations=_relations(form),
                **values,
            ),
            _("Projet créé."),
            lambda project: reverse("portefeuille:project", args=[project.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Nouveau projet — %s") % region.name,
        reverse("portefeuille:list"),
        _("Créer le projet"),
        after=SIMILAR_AS_YOU_TYPE,
    )


def project_edit(request, pk):
    project = editable_project_or_404(request, pk)
    form = ProjectForm(
        request.POST or None,
        instance=project,
        region=project.region,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        fresh = Project.objects.get(pk=project.pk)
        values = {f: form.cleaned_data[f] for f in form.changed_data if f in PROJECT_FIELDS}
        done = apply_service(
            request,
            form,
            lambda: services.update_project(
                acting_user=request.user,
                project=fresh,
                values=values,
                socle_services=list(form.cleaned_data["socle_services"]),
                relations=_relations(form),
            ),
            _("Projet enregistré."),
            reverse("portefeuille:project", args=[project.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Modifier — %s") % project.code,
        reverse("portefeuille:project", args=[project.pk]),
        after=SIMILAR_AS_YOU_TYPE,
    )


def child_edit(request, pk, kind, child_pk=None):
    project = editable_project_or_404(request, pk)
    if kind not in CHILDREN:
        raise Http404
    _model, form_class, related, back, label = CHILDREN[kind]
    instance = get_object_or_404(getattr(project, related), pk=child_pk) if child_pk else None
    form = form_class(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        child = form.save(commit=False)
        if kind == "document" and child.pk is None:
            child.uploaded_by = request.user
        done = apply_service(
            request,
            form,
            lambda: services.save_child(acting_user=request.user, project=project, child=child),
            _("Enregistré : %s.") % label,
            reverse(back, args=[project.pk]),
        )
        if done:
            return done
    title = (_("Modifier le %s") if instance else _("Ajouter un %s")) % label
    return form_page(request, form, f"{title} — {project.code}", reverse(back, args=[project.pk]))


@require_POST
def child_delete(request, pk, kind, child_pk):
    project = editable_project_or_404(request, pk)
    if kind not in CHILDREN:
        raise Http404
    _model, _form, related, back, label = CHILDREN[kind]
    child = get_object_or_404(getattr(project, related), pk=child_pk)
    services.delete_child(acting_user=request.user, child=child)
    messages.success(request, _("Supprimé : %s.") % label)
    return redirect(back, pk=project.pk)


def _tri(value: str):
    return {"oui": True, "non": False}.get(value)


@require_POST
def compliance_save(request, pk):
    """Save the whole checklist at once: one bad line and nothing changes."""
    project = editable_project_or_404(request, pk)
    answers = {}
    for name in request.POST:
        prefix, _sep, field = name.rpartition("-")
        if prefix.startswith("item-") and prefix[5:].isdigit():
            answers.setdefault(int(prefix[5:]), {})
    for item_id, answer in answers.items():
        prefix = f"item-{item_id}-"
        answer.update(
            applicable=_tri(request.POST.get(prefix + "applicable", "")),
            met=_tri(request.POST.get(prefix + "met", "")),
            evidence=request.POST.get(prefix + "evidence", ""),
            comment=request.POST.get(prefix + "comment", ""),
        )
    try:
        services.save_compliance_grid(acting_user=request.user, project=project, answers=answers)
    except ValidationError as exc:  # shown on each row, with what was typed
        return compliance_page(request, project, answers=answers, errors=exc.message_dict)
    messages.success(request, _("Grille de conformité enregistrée."))
    return redirect("portefeuille:project_compliance", pk=project.pk)


@require_POST
def compliance_start(request, pk):
    project = editable_project_or_404(request, pk)
    services.ensure_checklist(acting_user=request.user, project=project)
    return redirect("portefeuille:project_compliance", pk=project.pk)


@require_POST
def gate_request(request, pk):
    project = editable_project_or_404(request, pk)
    form = GateRequestForm(request.POST, phases=requestable_phases(project))
    if form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.request_gate(
                acting_user=request.user,
                project=project,
                to_phase=form.cleaned_data["to_phase"],
                note=form.cleaned_data["note"],
            ),
            _("Demande de passage envoyée pour décision."),
            reverse("portefeuille:project_decisions", args=[project.pk]),
        )
        if done:
            return done
    return decisions_page(request, project, request_form=form)


@require_POST
def gate_decide(request, pk, gate_pk):
    project = visible_project_or_404(request, pk)
    gate = get_object_or_404(GateDecision, pk=gate_pk, project=project)
    if not perms.can_decide_gate(request.user, gate):
        raise Http404
    form = GateDecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.decide_gate(
                acting_user=request.user,
                gate=gate,
                approve=approve,
                basis=form.cleaned_data["basis"],
            ),
            _("Passage approuvé.") if approve else _("Passage refusé."),
            reverse("portefeuille:project_decisions", args=[project.pk]),
        )
        if done:
            return done
    return decisions_page(request, project, decision_form=form)


def converge(request, pk):
    project = visible_project_or_404(request, pk)
    if not perms.can_manage_strategy(request.user, project.region):
        raise Http404
    targets = (
        Project.objects.visible_to(request.user)
        .exclude(pk=project.pk)
        .exclude(phase=Phase.ARRETE)
        .order_by("region__name", "code")
    )
    form = ConvergenceForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply_service(
            request,
            form,
            lambda: services.converge(
                acting_user=request.user,
                source=project,
                target=data["target"],
                reason=data["reason"],
            ),
            _("Convergence enregistrée."),
            reverse("portefeuille:project", args=[project.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Convergence de %s vers un autre projet") % project.code,
        reverse("portefeuille:project_decisions", args=[project.pk]),
        _("Enregistrer la convergence"),
    )
