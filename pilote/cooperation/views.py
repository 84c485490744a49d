"""Cooperation pages every region reads: the shared sheets, the needs, similar items."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.comptes.access import access_for
from pilote.cooperation import pages, perms, review, services, similarity
from pilote.cooperation.forms import ConvertNeedForm, EchoForm, NeedForm, SheetForm
from pilote.cooperation.models import CooperationSheet, Need, NeedEcho
from pilote.core.pages import apply_service, form_page, run_service
from pilote.territoires.regions import current_region


def index(request):
    """The shared sheets and the needs of every region, and what awaits the user's region."""
    region = current_region(request)
    sheets = (
        CooperationSheet.objects.visible_to(request.user)
        .filter(shared=True)
        .select_related("project__region", "project__moa")
        .order_by("project__region__name", "project__code")
    )
    needs = Need.objects.visible_to(request.user).select_related("region", "socle_service")
    context = {
        "title": _("Coopération interrégionale"),
        "sheets": sheets,
        "needs": needs[:50],
        "region": region,
        "invitations": pages.pending_invitations(request.user, [region] if region else []),
        "can_declare": perms.can_declare_need(request.user, region),
        "can_coordinate": perms.can_coordinate(request.user),
        "national": access_for(request.user).is_national,
    }
    return render(request, "cooperation/index.html", context)


def sheet(request, pk):
    project, sheet = pages.readable_sheet_or_404(request.user, pk)
    matches = similarity.similar_to_project(request.user, project, limit=8)
    context = {
        "title": _("Fiche de coopération — %s") % project.title,
        "project": project,
        "sheet": sheet,
        "socle_services": project.socle_services.all(),
        "similar": pages.matches_for(request.user, matches),
        "can_edit": perms.can_edit_sheet(request.user, project),
        "can_propose": perms.can_propose(request.user, project),
        "can_review": perms.can_coordinate(request.user),
        "review_required": review.review_required(project),
        "latest_review": review.latest_review(project),
        "partners": services.partner_shares(project),
        "lead_share": services.lead_share(project),
        "reads_project": project.__class__.objects.visible_to(request.user)
        .filter(pk=project.pk)
        .exists(),
    }
    return render(request, "cooperation/sheet.html", context)


def sheet_edit(request, pk):
    project, sheet = pages.readable_sheet_or_404(request.user, pk)
    if not perms.can_edit_sheet(request.user, project):
        raise Http404
    form = SheetForm(request.POST or None, instance=sheet or CooperationSheet(project=project))
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in SheetForm.Meta.fields}
        done = apply_service(
            request,
            form,
            lambda: services.save_sheet(acting_user=request.user, project=project, values=values),
            _("Fiche de coopération enregistrée."),
            reverse("cooperation:sheet", args=[project.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Fiche de coopération — %s") % project.code,
        reverse("cooperation:sheet", args=[project.pk]),
    )


def draft_similar(request):
    """While a project is written (htmx, before saving): similar items of the other regions."""
    region = current_region(request)
    query = similarity.draft_item(
        region=region,
        title=request.GET.get("title", "")[:200],
        description=request.GET.get("description", "")[:5000],
        socle_ids=[int(v) for v in request.GET.getlist("socle_services") if v.isdigit()],
        target=request.GET.get("target_description", "")[:255],
    )
    matches = similarity.similar_to(request.user, query, limit=5) if query.counts else []
    context = {"similar": pages.matches_for(request.user, matches), "asked": bool(query.counts)}
    return render(request, "cooperation/_draft_similar.html", context)


# --- needs ----------------------------------------------------------------------------------


def need_list(request):
    region = current_region(request)
    needs = Need.objects.visible_to(request.user).select_related("region", "socle_service")
    context = {
        "title": _("Besoins des régions"),
        "needs": needs,
        "can_declare": perms.can_declare_need(request.user, region),
        "national": access_for(request.user).is_national,
    }
    return render(request, "cooperation/need_list.html", context)


def need_add(request):
    region = current_region(request)
    if not perms.can_declare_need(request.user, region):
        raise Http404
    form = NeedForm(request.POST or None, instance=Need(region=region))
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.declare_need(acting_user=request.user, need=form.save(commit=False)),
            _("Besoin déclaré."),
            lambda need: reverse("cooperation:need", args=[need.pk]),
        )
        if done:
            return done
    return form_page(
        request, form, _("Déclarer un besoin — %s") % region.name, reverse("cooperation:needs")
    )


def need_detail(request, pk):
    need = pages.readable_need_or_404(request.user, pk)
    region = current_region(request)
    matches = similarity.similar_to_need(request.user, need, limit=8)
    context = {
        "title": need.title,
        "need": need,
        "echoes": NeedEcho.objects.filter(need=need).select_related("region"),
        "similar": pages.matches_for(request.user, matches),
        "can_echo": perms.can_echo_need(request.user, need, region),
        "echo_form": EchoForm(),
        "can_convert": perms.can_convert_need(request.user, need) and not need.project_id,
        "can_propose": bool(need.project_id) and perms.can_propose(request.user, need.project),
        "reads_project": need.project_id
        and need.project.__class__.objects.visible_to(request.user)
        .filter(pk=need.project_id)
        .exists(),
    }
    return render(request, "cooperation/need_detail.html", context)


@require_POST
def need_echo(request, pk):
    need = pages.readable_need_or_404(request.user, pk)
    region = current_region(request)
    if not perms.can_echo_need(request.user, need, region):
        raise Http404
    form = EchoForm(request.POST)
    context = form.data.get("context", "")
    run_service(
        request,
        lambda: services.echo_need(
            acting_user=request.user, need=need, region=region, context=context
        ),
        _("« Nous aussi » enregistré."),
    )
    return redirect("cooperation:need", pk=need.pk)


def need_convert(request, pk):
    need = pages.readable_need_or_404(request.user, pk)
    if not perms.can_convert_need(request.user, need) or need.project_id:
        raise Http404
    form = ConvertNeedForm(request.POST or None, user=request.user, region=need.region)
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.convert_need(
                acting_user=request.user,
                need=need,
                code=form.cleaned_data["code"],
                moa=form.cleaned_data["moa"],
                impulsion=form.cleaned_data["impulsion"],
            ),
            _("Le besoin est devenu un projet."),
            lambda project: reverse("portefeuille:project", args=[project.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Transformer en projet — %s") % need.title,
        reverse("cooperation:need", args=[need.pk]),
        _("Créer le projet"),
    )
