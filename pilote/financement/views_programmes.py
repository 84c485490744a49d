"""National usage-based programmes: the list, a programme's page (per window, the
establishments that reached the target on accepted data and the amounts due), the national
administrator's forms and a region's rollout of a window."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.pages import apply_service, form_page
from pilote.financement import perms, programmes, queries_programmes
from pilote.financement.forms_programmes import ProgrammeForm, RolloutForm, WindowForm
from pilote.financement.models_programmes import ProgrammeWindow, UsageProgramme
from pilote.financement.views import _managed_region
from pilote.territoires.regions import current_region


def _reader(request):
    if not perms.can_view_funding(request.user):
        raise Http404


def _national(request):
    if not perms.can_manage_programmes(request.user):
        raise Http404


def programme_list(request):
    _reader(request)
    context = {
        "title": _("Programmes nationaux à l'usage"),
        "programmes": UsageProgramme.objects.prefetch_related("windows"),
        "can_define": perms.can_manage_programmes(request.user),
    }
    return render(request, "financement/programmes.html", context)


def programme_add(request):
    _national(request)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = form.save(commit=False)
        done = apply_service(
            request,
            form,
            lambda: programmes.save_programme(acting_user=request.user, programme=programme),
            _("Programme enregistré : ajoutez sa première fenêtre."),
            lambda p: reverse("financement:programme", args=[p.pk]),
        )
        if done:
            return done
    back = reverse("financement:programmes")
    return form_page(request, form, _("Nouveau programme national à l'usage"), back)


def programme_detail(request, pk):
    _reader(request)
    programme = get_object_or_404(UsageProgramme.objects.select_related("funder"), pk=pk)
    region = current_region(request)
    windows = programme.windows.select_related("data_element", "indicator").prefetch_related(
        "eligible"
    )
    context = {
        "title": str(programme),
        "programme": programme,
        "results": [queries_programmes.window_results(request.user, w) for w in windows],
        "region": region,
        "can_define": perms.can_manage_programmes(request.user),
        "can_roll_out": region is not None and perms.can_manage_funding(request.user, region),
    }
    return render(request, "financement/programme_detail.html", context)


def window_add(request, pk):
    _national(request)
    programme = get_object_or_404(UsageProgramme, pk=pk)
    form = WindowForm(request.POST or None)
    back = reverse("financement:programme", args=[pk])
    if request.method == "POST" and form.is_valid():
        window = form.save(commit=False)
        window.programme = programme
        window.eligible_types = form.cleaned_data["eligible_types"]
        done = apply_service(
            request,
            form,
            lambda: programmes.save_window(
                acting_user=request.user, window=window, eligible=form.cleaned_data["finess"]
            ),
            _("Fenêtre enregistrée."),
            back,
        )
        if done:
            return done
    return form_page(request, form, _("Nouvelle fenêtre — %s") % programme, back)


def window_rollout(request, pk):
    window = get_object_or_404(ProgrammeWindow.objects.select_related("programme"), pk=pk)
    region = _managed_region(request, current_region(request))
    form = RolloutForm(request.POST or None, user=request.user, region=region)
    back = reverse("financement:programme", args=[window.programme_id])
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: programmes.roll_out(
                acting_user=request.user, window=window, region=region, **form.cleaned_data
            ),
            lambda rollout: (
                _("Fenêtre déployée : %(n)s établissements éligibles dans la région.")
                % {"n": rollout.lines.count()}
            ),
            back,
        )
        if done:
            return done
    title = _("Déployer %(w)s — %(r)s") % {"w": window, "r": region.name}
    return form_page(request, form, title, back)
