"""The national coordination: similar pairs, the review threshold, prior reviews, the map."""

from collections import defaultdict

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.cadre.models import FrameworkVersion
from pilote.comptes.access import access_for
from pilote.cooperation import perms, review, services, similarity
from pilote.cooperation.forms import PairForm, ReviewForm, ThresholdForm
from pilote.cooperation.models import (
    CooperationSheet,
    PairVerdict,
    Reuse,
    ReviewThreshold,
    SimilarPair,
)
from pilote.core.pages import apply_service, run_service
from pilote.portefeuille.models import DigitalService, Project
from pilote.territoires.models import Territory
from pilote.territoires.regions import current_region


def _national_or_404(request):
    if not access_for(request.user).is_national:
        raise Http404


def pairs(request):
    """Pairs of similar projects of two regions, above the threshold, with their verdict."""
    _national_or_404(request)
    verdicts = {(p.first_id, p.second_id): p for p in SimilarPair.objects.all()}
    rows = [
        {"first": a, "second": b, "match": m, "pair": verdicts.get((a.pk, b.pk))}
        for a, b, m in similarity.similar_pairs()
    ]
    context = {
        "title": _("Projets similaires entre régions"),
        "rows": rows,
        "threshold": similarity.PAIR_THRESHOLD,
        "verdicts": PairVerdict.choices,
        "can_judge": perms.can_coordinate(request.user),
    }
    return render(request, "cooperation/pairs.html", context)


@require_POST
def pair_judge(request):
    _national_or_404(request)
    form = PairForm(request.POST)
    if not form.is_valid():
        error = _(
            "Avis incomplet : choisissez « coopération possible », « déjà "
            "coordonnés » ou « sans rapport »."
        )
        from django.contrib import messages

        messages.error(request, error)
        return redirect("cooperation:pairs")
    projects = Project.objects.visible_to(request.user)
    first = get_object_or_404(projects, pk=form.cleaned_data["first"])
    second = get_object_or_404(projects, pk=form.cleaned_data["second"])
    verdict = form.cleaned_data["verdict"]
    run_service(
        request,
        lambda: services.judge_pair(
            acting_user=request.user,
            first=first,
            second=second,
            verdict=verdict,
            score=form.cleaned_data.get("score") or 0,
        ),
        _("Avis enregistré : %s.") % PairVerdict(verdict).label,
    )
    return redirect("cooperation:pairs")


def threshold(request):
    if not perms.can_coordinate(request.user):
        raise Http404
    form = ThresholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.set_threshold(
                acting_user=request.user,
                year=form.cleaned_data["year"],
                amount=form.cleaned_data["amount"],
            ),
            _("Seuil de revue nationale enregistré."),
            "cooperation:threshold",
        )
        if done:
            return done
    rows = ReviewThreshold.objects.all()
    intro = "; ".join(f"{r.year} : {r.amount:,.0f} €".replace(",", "\u202f") for r in rows)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Seuil de la revue nationale préalable"),
            "intro": _("Seuils en vigueur — %s") % intro if intro else _("Aucun seuil fixé."),
            "cancel_url": reverse("cooperation:index"),
        },
    )


def review_project(request, pk):
    if not perms.can_coordinate(request.user):
        raise Http404
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    similar = similarity.similar_to_project(
        request.user, project, limit=10, kinds=(similarity.PROJECT,)
    )
    form = ReviewForm(
        request.POST or None, project=project, similar_ids=[m.item.pk for m in similar]
    )
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in ReviewForm.Meta.fields}
        done = apply_service(
            request,
            form,
            lambda: services.record_review(
                acting_user=request.user,
                project=project,
                values=values,
                similar_projects=list(form.cleaned_data["similar_projects"]),
                partner_regions=list(form.cleaned_data["partner_regions"]),
            ),
            _("Revue nationale préalable enregistrée."),
            reverse("cooperation:sheet", args=[project.pk]),
        )
        if done:
            return done
    required = review.review_required(project)
    intro = (
        _("Ce projet doit passer la revue avant tout engagement financier.")
        if required
        else _("Ce projet n'est ni stratégique ni au-dessus du seuil : la revue est facultative.")
    )
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Revue nationale préalable — %s") % project,
            "intro": intro,
            "cancel_url": reverse("cooperation:sheet", args=[project.pk]),
        },
    )


def solutions_map(request):
    """For each socle service, the solution each region uses: from the shared sheets of its
    projects and the reuse it declared (tile grid of the regions, as on the dashboard)."""
    from pilote.indicateurs.dashboard import TILES

    version = FrameworkVersion.objects.in_force()
    socles = list(version.socle_services.order_by("pk")) if version else []
    chosen = next((s for s in socles if s.code == request.GET.get("socle")), None)
    chosen = chosen or (socles[0] if socles else None)
    uses = defaultdict(set)
    if chosen is not None:
        sheets = (
            CooperationSheet.objects.visible_to(request.user)
            .filter(project__socle_services__code=chosen.code)
            .exclude(solution="")
            .values_list("project__region_id", "solution")
        )
        for region_id, solution in sheets:
            uses[region_id].add(solution)
        reuses = Reuse.objects.filter(service__socle_service__code=chosen.code).values_list(
            "region_id", "service__name", "service__region__name"
        )
        for region_id, name, origin in reuses:
            uses[region_id].add(_("%(s)s (de %(r)s)") % {"s": name, "r": origin})
        served = DigitalService.objects.published().filter(socle_service__code=chosen.code)
        for region_id, name in served.values_list("region_id", "name"):
            uses[region_id].add(name)
    regions = Territory.objects.current().ars_regions().order_by("name")
    tiles = [
        {"region": r, "tile": TILES.get(r.code), "solutions": sorted(uses.get(r.pk, ()))}
        for r in regions
    ]
    context = {
        "title": _("Carte des solutions par service du socle"),
        "socles": socles,
        "chosen": chosen,
        "tiles": tiles,
        "can_reuse": perms.can_declare_reuse(request.user, current_region(request)),
        "national": access_for(request.user).is_national,
    }
    return render(request, "cooperation/solutions_map.html", context)
