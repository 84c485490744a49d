"""The campaign pages: the list, a new campaign, one campaign with its grids and
questionnaires, the import of grids, closing and reopening (national administrator)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.comptes.access import access_for
from pilote.comptes.models import Role
from pilote.core.pages import apply_service, form_page, import_page, run_service
from pilote.enquete import perms, services
from pilote.enquete.forms import CampaignForm, SurveyImportForm
from pilote.enquete.imports import import_survey
from pilote.enquete.models import Campaign, CampaignStatus, Grid, Methodology, Questionnaire


def _survey_reader(request) -> None:
    if not perms.can_view_survey(request.user):
        raise Http404


def campaign_or_404(request, pk) -> Campaign:
    _survey_reader(request)
    return get_object_or_404(Campaign.objects.select_related("methodology"), pk=pk)


def campaign_list(request):
    _survey_reader(request)
    context = {
        "title": _("Enquête annuelle des opérateurs régionaux"),
        "campaigns": Campaign.objects.select_related("methodology"),
        "can_manage": perms.can_manage_campaigns(request.user),
    }
    return render(request, "enquete/list.html", context)


def campaign_add(request):
    _survey_reader(request)
    if not perms.can_manage_campaigns(request.user):
        raise Http404
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.create_campaign(acting_user=request.user, **form.cleaned_data),
            _("Campagne créée : sa méthodologie est figée."),
            lambda campaign: reverse("enquete:detail", args=[campaign.pk]),
        )
        if done:
            return done
    return form_page(request, form, _("Nouvelle campagne d'enquête"), reverse("enquete:list"))


def _own_regions(user, role) -> set:
    return set(access_for(user).regions_by_role.get(role, ()))


def campaign_detail(request, pk):
    campaign = campaign_or_404(request, pk)
    grids = (
        Grid.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("territory", "ars_area", "region")
    )
    questionnaires = (
        Questionnaire.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("region")
    )
    grades_regions = _own_regions(request.user, Role.GRADES_MANAGER)
    context = {
        "title": campaign.name,
        "campaign": campaign,
        "grids": grids,
        "questionnaires": questionnaires,
        "can_manage": perms.can_manage_campaigns(request.user),
        "can_start_grid": bool(grades_regions) and campaign.is_open,
        "can_answer": bool(_own_regions(request.user, Role.ARS_OFFICER)) and campaign.is_open,
    }
    return render(request, "enquete/detail.html", context)


def campaign_import(request, pk):
    campaign = campaign_or_404(request, pk)
    if not perms.can_manage_campaigns(request.user):
        raise Http404
    return import_page(
        request,
        SurveyImportForm,
        lambda data, **kwargs: import_survey(data, campaign=campaign, **kwargs),
        title=_("Importer des grilles — %s") % campaign.name,
        back_url=reverse("enquete:detail", args=[campaign.pk]),
        back_label=campaign.name,
        intro=_(
            "Chaque ligne crée la grille d'un opérateur pour une année, ou met à jour celle qui "
            "existe déjà (même année, même territoire, même opérateur). Le fichier est importé "
            "d'un bloc : un seul problème, et rien n'est enregistré."
        ),
    )


@require_POST
def campaign_status(request, pk):
    campaign = campaign_or_404(request, pk)
    if not perms.can_manage_campaigns(request.user):
        raise Http404
    status = request.POST.get("status", "")
    success = _("Campagne close.") if status == CampaignStatus.CLOSED else _("Campagne rouverte.")
    run_service(
        request,
        lambda: services.set_campaign_status(
            acting_user=request.user, campaign=campaign, status=status
        ),
        success,
    )
    return redirect("enquete:detail", pk=campaign.pk)


@require_POST
def campaign_invite(request, pk):
    campaign = campaign_or_404(request, pk)
    if not perms.can_manage_campaigns(request.user):
        raise Http404
    run_service(
        request,
        lambda: services.invite(acting_user=request.user, campaign=campaign),
        _("Invitations envoyées aux opérateurs et aux ARS."),
    )
    return redirect("enquete:detail", pk=campaign.pk)


def methodology_detail(request, pk):
    """A methodology version as respondents read it (indices, criteria, sub-criteria, scales,
    questions, risks, detailed figures) and what changed since the previous version."""
    from pilote.enquete.versions import differences, previous_version

    _survey_reader(request)
    methodology = get_object_or_404(Methodology, pk=pk)
    previous = previous_version(methodology)
    context = {
        "title": str(methodology),
        "methodology": methodology,
        "definition": methodology.definition,
        "campaigns": methodology.campaign_set.all(),
        "previous": previous,
        "changes": differences(previous.definition, methodology.definition) if previous else [],
    }
    return render(request, "enquete/methodology.html", context)
