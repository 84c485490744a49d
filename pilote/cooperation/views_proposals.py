"""Cooperation proposals (co-carried projects) and the reuse of another region's solution."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.cooperation import perms, services
from pilote.cooperation.forms import AnswerForm, ProposalForm, ReuseForm
from pilote.cooperation.models import Answer, Invitation, Reuse
from pilote.core.pages import apply_service, form_page
from pilote.portefeuille.models import Project
from pilote.territoires.regions import current_region


def propose(request, pk):
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    if not perms.can_propose(request.user, project):
        raise Http404
    initial = {}
    asked = request.GET.get("besoin", "")
    need = project.cooperation_needs.filter(pk=asked).first() if asked.isdigit() else None
    if need is not None:  # a need turned into a project, proposed to those who said "nous aussi"
        initial = {
            "regions": [e.region_id for e in need.echoes.all()],
            "message": need.description,
        }
    form = ProposalForm(request.POST or None, region=project.region, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.propose(
                acting_user=request.user,
                project=project,
                regions=list(form.cleaned_data["regions"]),
                message=form.cleaned_data["message"],
            ),
            _("Proposition de coopération envoyée."),
            reverse("cooperation:sheet", args=[project.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Proposer de porter ensemble — %s") % project,
        reverse("cooperation:sheet", args=[project.pk]),
        _("Envoyer la proposition"),
    )


def answer(request, pk):
    invitation = get_object_or_404(
        Invitation.objects.visible_to(request.user).select_related("proposal__project"), pk=pk
    )
    if not perms.can_answer(request.user, invitation) or invitation.status != Answer.PENDING:
        raise Http404
    proposal = invitation.proposal
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply_service(
            request,
            form,
            lambda: services.answer(
                acting_user=request.user,
                invitation=invitation,
                accept=data["accept"],
                reason=data["reason"],
                cost_share=data["cost_share"],
            ),
            lambda i: (
                _("Proposition acceptée : le projet est dans votre portefeuille.")
                if i.status == Answer.ACCEPTED
                else _("Proposition déclinée.")
            ),
            lambda i: reverse("cooperation:sheet", args=[proposal.project_id]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Répondre à la proposition de %(r)s — %(p)s")
        % {"r": proposal.project.region.name, "p": proposal.project.title},
        reverse("cooperation:index"),
        _("Répondre"),
        intro=proposal.message,
    )


def reuse_add(request):
    region = current_region(request)
    if not perms.can_declare_reuse(request.user, region):
        raise Http404
    form = ReuseForm(request.POST or None, instance=Reuse(region=region), region=region)
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.declare_reuse(acting_user=request.user, reuse=form.save(commit=False)),
            _("Réutilisation déclarée."),
            "cooperation:map",
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Déclarer une solution réutilisée — %s") % region.name,
        reverse("cooperation:index"),
    )
