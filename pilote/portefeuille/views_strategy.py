"""The regional strategy and its programmes."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.pages import apply_service, file_download, form_page
from pilote.portefeuille import perms, services
from pilote.portefeuille.forms import DocumentForm, ProgrammeForm, StrategyForm
from pilote.portefeuille.models import Strategy
from pilote.territoires.regions import current_region


def strategy_list(request):
    region = current_region(request)
    strategies = (
        Strategy.objects.visible_to(request.user).in_region(region).prefetch_related("programmes")
    )
    context = {
        "region": region,
        "strategies": strategies.select_related("region"),
        "title": _("Stratégie régionale de e-santé"),
        "can_manage": region is not None and perms.can_manage_strategy(request.user, region),
    }
    return render(request, "portefeuille/strategy_list.html", context)


def strategy_edit(request, pk=None):
    region = current_region(request)
    strategy = get_object_or_404(Strategy.objects.visible_to(request.user), pk=pk) if pk else None
    if strategy is not None:
        region = strategy.region
    if region is None or not perms.can_manage_strategy(request.user, region):
        raise Http404
    form = StrategyForm(request.POST or None, instance=strategy)
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        instance.region = region
        done = apply_service(
            request,
            form,
            lambda: services.save_strategy(acting_user=request.user, strategy=instance),
            _("Stratégie enregistrée."),
            "portefeuille:strategies",
        )
        if done:
            return done
    title = _("Modifier la stratégie") if pk else _("Nouvelle stratégie — %s") % region.name
    return form_page(request, form, title, reverse("portefeuille:strategies"))


def _managed_strategy_or_404(request, pk) -> Strategy:
    """A strategy of a region whose strategy the user writes (the ARS); 404 otherwise."""
    strategy = get_object_or_404(Strategy.objects.visible_to(request.user), pk=pk)
    if not perms.can_manage_strategy(request.user, strategy.region):
        raise Http404
    return strategy


def programme_add(request, pk):
    strategy = _managed_strategy_or_404(request, pk)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = form.save(commit=False)
        programme.strategy = strategy
        done = apply_service(
            request,
            form,
            lambda: services.save_programme(acting_user=request.user, programme=programme),
            _("Programme ajouté."),
            "portefeuille:strategies",
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Nouveau programme — %s") % strategy.title,
        reverse("portefeuille:strategies"),
        _("Ajouter le programme"),
    )


def strategy_document(request, pk):
    strategy = _managed_strategy_or_404(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        document.uploaded_by = request.user
        done = apply_service(
            request,
            form,
            lambda: services.save_strategy_document(
                acting_user=request.user, strategy=strategy, document=document
            ),
            _("Document ajouté."),
            "portefeuille:strategies",
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Ajouter un document — %s") % strategy.title,
        reverse("portefeuille:strategies"),
        _("Ajouter"),
    )


def strategy_document_download(request, pk, document_pk):
    strategy = get_object_or_404(Strategy.objects.visible_to(request.user), pk=pk)
    return file_download(get_object_or_404(strategy.documents, pk=document_pk).file)
