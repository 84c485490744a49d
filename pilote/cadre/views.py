from functools import partial

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.cadre import perms, services
from pilote.cadre.forms import ITEM_FORMS, EvolutionRequestForm, OpinionForm
from pilote.cadre.models import EvolutionRequest, FrameworkVersion, RequestStatus
from pilote.comptes.access import access_for
from pilote.core.pages import REFUSED, apply_service, form_page, run_service


def version_list(request):
    versions = FrameworkVersion.objects.all()
    context = {
        "versions": versions,
        "in_force": FrameworkVersion.objects.in_force(),
        "can_edit": perms.can_edit_framework(request.user),
        "title": _("Cadre commun des projets e-santé"),
    }
    return render(request, "cadre/version_list.html", context)


def version_detail(request, year):
    version = get_object_or_404(FrameworkVersion, year=year)
    others = FrameworkVersion.objects.exclude(pk=version.pk)
    context = {
        "version": version,
        "socle_services": version.socle_services.all(),
        "referentiels": version.referentiels.all(),
        "principles": version.principles.all(),
        "others": others,
        "can_edit": perms.can_edit_framework(request.user) and not version.is_frozen,
        "can_prepare_next": perms.can_edit_framework(request.user) and version.is_frozen,
        "title": str(version),
    }
    return render(request, "cadre/version_detail.html", context)


def version_diff(request):
    old = get_object_or_404(FrameworkVersion, year=request.GET.get("de") or 0)
    new = get_object_or_404(FrameworkVersion, year=request.GET.get("a") or 0)
    context = {
        "old": old,
        "new": new,
        "diff": services.diff_versions(old, new),
        "title": _("Évolutions du cadre commun de %(a)d à %(b)d") % {"a": old.year, "b": new.year},
    }
    return render(request, "cadre/version_diff.html", context)


@require_POST
def version_next(request, year):
    source = get_object_or_404(FrameworkVersion, year=year)
    version = run_service(
        request,
        lambda: services.create_next_version(acting_user=request.user, source=source),
        lambda v: _("Version %d créée à partir de %d.") % (v.year, year),
    )
    return redirect("cadre:version", year=year if version is REFUSED else version.year)


@require_POST
def version_publish(request, year):
    version = get_object_or_404(FrameworkVersion, year=year)
    run_service(
        request,
        lambda: services.publish_version(acting_user=request.user, version=version),
        _("Version %d publiée : elle est désormais figée.") % year,
    )
    return redirect("cadre:version", year=year)


def item_edit(request, year, component, pk=None):
    version = get_object_or_404(FrameworkVersion, year=year)
    if component not in ITEM_FORMS or not perms.can_edit_framework(request.user):
        raise Http404
    form_class = ITEM_FORMS[component]
    model = form_class.Meta.model
    instance = get_object_or_404(model, pk=pk, version=version) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in form.Meta.fields}

        def save():
            if instance is None:
                return services.add_item(
                    acting_user=request.user, version=version, component=component, values=values
                )
            fresh = model.objects.get(pk=instance.pk)
            return services.update_item(acting_user=request.user, item=fresh, values=values)

        done = apply_service(
            request, form, save, _("Enregistré."), reverse("cadre:version", args=[year])
        )
        if done:
            return done
    title = _("Modifier") if instance else _("Ajouter")
    return form_page(request, form, f"{title} — {version}", reverse("cadre:version", args=[year]))


@require_POST
def item_delete(request, year, component, pk):
    version = get_object_or_404(FrameworkVersion, year=year)
    if component not in ITEM_FORMS:
        raise Http404
    item = get_object_or_404(ITEM_FORMS[component].Meta.model, pk=pk, version=version)
    run_service(
        request,
        lambda: services.remove_item(acting_user=request.user, item=item),
        _("Retiré de la version %d.") % year,
    )
    return redirect("cadre:version", year=year)


def evolution_list(request):
    context = {
        "requests": EvolutionRequest.objects.select_related("submitted_by", "applied_in"),
        "can_submit": perms.can_submit_evolution(request.user),
        "title": _("Demandes d'évolution du cadre commun"),
    }
    return render(request, "cadre/evolution_list.html", context)


def evolution_submit(request):
    if not perms.can_submit_evolution(request.user):
        raise Http404
    form = EvolutionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in form.Meta.fields}
        membership = request.user.memberships.filter(is_active=True).order_by("pk").first()
        done = apply_service(
            request,
            form,
            lambda: services.submit_evolution(
                acting_user=request.user,
                origin=membership.organisation if membership else None,
                **values,
            ),
            _("Demande déposée."),
            lambda evolution: reverse("cadre:evolution", args=[evolution.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Demander une évolution du cadre commun"),
        reverse("cadre:evolutions"),
        _("Déposer la demande"),
    )


def evolution_detail(request, pk):
    evolution = get_object_or_404(EvolutionRequest.objects.select_related("submitted_by"), pk=pk)
    can_decide = perms.can_decide_evolution(request.user)
    context = {
        "evolution": evolution,
        "form": OpinionForm(),
        "can_examine": can_decide and evolution.status == RequestStatus.SUBMITTED,
        "can_decide": can_decide and evolution.status == RequestStatus.EXAMINED,
        "is_national": access_for(request.user).is_national,
        "title": evolution.title,
    }
    return render(request, "cadre/evolution_detail.html", context)


@require_POST
def evolution_step(request, pk, step):
    evolution = get_object_or_404(EvolutionRequest, pk=pk)
    form = OpinionForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    if step == "instruire":
        action = partial(
            services.examine_evolution, acting_user=request.user, request=evolution, opinion=text
        )
    elif step == "decider":
        action = partial(
            services.decide_evolution,
            acting_user=request.user,
            request=evolution,
            validated=request.POST.get("decision") == "valider",
            decision=text,
        )
    else:
        raise Http404
    run_service(request, action, _("Étape enregistrée."))
    return redirect("cadre:evolution", pk=pk)
