"""The project page and its tabs (read side)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from pilote.cadre.models import FrameworkVersion
from pilote.core.history_view import history_entries
from pilote.core.pages import file_download
from pilote.portefeuille import perms, queries, services
from pilote.portefeuille.forms import GateDecisionForm, GateRequestForm
from pilote.portefeuille.models import Document, GateStatus, Phase, Project

TABS = [
    ("summary", _("Synthèse"), "portefeuille:project"),
    ("planning", _("Planning"), "portefeuille:project_planning"),
    ("compliance", _("Conformité"), "portefeuille:project_compliance"),
    ("risks", _("Risques"), "portefeuille:project_risks"),
    ("decisions", _("Décisions"), "portefeuille:project_decisions"),
    ("history", _("Historique"), "portefeuille:project_history"),
]


def visible_project_or_404(request, pk) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(request.user).select_related(
            "region", "programme__strategy", "moa", "moa_delegate", "converged_into"
        ),
        pk=pk,
    )


def _context(request, project, tab, **extra):
    return {
        "project": project,
        "tab": tab,
        "tabs": TABS,
        "title": f"{project.code} — {project.title}",
        "can_edit": perms.can_edit_project(request.user, project),
        **extra,
    }


def project_summary(request, pk):
    project = visible_project_or_404(request, pk)
    context = _context(
        request,
        project,
        "summary",
        socle_services=project.socle_services.all(),
        documents=project.documents.all(),
        absorbed=project.absorbed_projects.select_related("region"),
        opportunity_approved=services.opportunity_study_approved(project),
    )
    return render(request, "portefeuille/project_summary.html", context)


def project_planning(request, pk):
    project = visible_project_or_404(request, pk)
    context = _context(
        request,
        project,
        "planning",
        milestones=project.milestones.with_lateness(),
        staffing=project.staffing.all(),
    )
    return render(request, "portefeuille/project_planning.html", context)


def project_risks(request, pk):
    project = visible_project_or_404(request, pk)
    return render(
        request,
        "portefeuille/project_risks.html",
        _context(request, project, "risks", risks=project.risks.all()),
    )


def project_compliance(request, pk):
    return compliance_page(request, visible_project_or_404(request, pk))


def compliance_page(request, project, answers=None, errors=None):
    """The checklist; after a refused save, with what the user typed and each row's problem
    (nothing of it was saved)."""
    version = FrameworkVersion.objects.in_force()
    items = list(
        services.compliance_items(project, version).select_related("referentiel", "principle")
    )
    for item in items:
        for field, value in (answers or {}).get(item.pk, {}).items():
            setattr(item, field, value)
        item.errors = (errors or {}).get(f"item-{item.pk}", [])
    context = _context(
        request,
        project,
        "compliance",
        version=version,
        items=items,
        referentiel_items=[i for i in items if i.referentiel_id],
        principle_items=[i for i in items if i.principle_id],
        error_count=sum(bool(i.errors) for i in items),
    )
    return render(request, "portefeuille/project_compliance.html", context)


def requestable_phases(project) -> list[tuple[str, str]]:
    """The phases a gate may be asked for now: the next one, or stopping."""
    if project.phase == Phase.ARRETE or project.gates.filter(status=GateStatus.REQUESTED):
        return []
    nxt = services.next_phase(project)
    return [(p, Phase(p).label) for p in (nxt, Phase.ARRETE) if p]


def project_decisions(request, pk):
    return decisions_page(request, visible_project_or_404(request, pk))


def decisions_page(request, project, request_form=None, decision_form=None):
    """The gates of a project; after a refused request or decision, with the user's typed
    justification kept in its form and the reason of the refusal on it."""
    gates = list(project.gates.select_related("requested_by", "decided_by"))
    pending = next((g for g in gates if g.status == GateStatus.REQUESTED), None)
    if decision_form is not None and pending is None:  # decided meanwhile: no form to show
        for error in decision_form.non_field_errors():
            messages.error(request, error)
    phases = requestable_phases(project)
    if request_form is None and phases:
        request_form = GateRequestForm(phases=phases)
    context = _context(
        request,
        project,
        "decisions",
        gates=gates,
        pending=pending,
        deciders=queries.gate_deciders(pending) if pending else [],
        can_decide=pending is not None and perms.can_decide_gate(request.user, pending),
        request_form=request_form,
        decision_form=decision_form or GateDecisionForm(),
        can_converge=project.phase != Phase.ARRETE
        and perms.can_manage_strategy(request.user, project.region),
    )
    return render(request, "portefeuille/project_decisions.html", context)


def project_history(request, pk):
    project = visible_project_or_404(request, pk)
    entries = history_entries(project)
    gates = project.gates.select_related("requested_by", "decided_by").order_by("requested_at")
    return render(
        request,
        "portefeuille/project_history.html",
        _context(request, project, "history", entries=entries, gates=gates),
    )


def document_download(request, pk, document_pk):
    project = visible_project_or_404(request, pk)
    return file_download(get_object_or_404(Document, pk=document_pk, project=project).file)
