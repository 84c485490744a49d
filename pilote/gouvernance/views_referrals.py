"""Ethics referrals: the list of those a user reads, the form to refer a question, a
referral's page with its dated steps, and the secretariat's and the committee's steps."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.history_view import history_entries
from pilote.gouvernance import perms, services_referrals
from pilote.gouvernance.forms import OpinionForm, ReferralForm, RejectionForm, ScreeningForm
from pilote.gouvernance.models import Body, BodyKind, EthicsReferral
from pilote.gouvernance.views import _unsaved, service_page


def committees_for(user):
    """The ethics committees `user` reads and may refer a question to."""
    committees = Body.objects.visible_to(user).filter(kind=BodyKind.ETHICS).select_related("region")
    return Body.objects.filter(
        pk__in=[c.pk for c in committees if perms.can_submit_referral(user, c)]
    )


def referral_list(request):
    referrals = (
        EthicsReferral.objects.visible_to(request.user)
        .select_related("committee", "requester", "requester_organisation")
        .order_by("-submitted_at", "-pk")
    )
    context = {
        "title": _("Saisines du comité d'éthique"),
        "referrals": referrals,
        "can_submit": committees_for(request.user).exists(),
    }
    return render(request, "gouvernance/referral_list.html", context)


def _referral_url(referral) -> str:
    return reverse("gouvernance:referral", args=[referral.pk])


def referral_add(request):
    committees = committees_for(request.user)
    if not committees.exists():
        raise Http404
    form = ReferralForm(request.POST or None, user=request.user, committees=committees)
    return service_page(
        request,
        form,
        lambda f: services_referrals.submit_referral(
            acting_user=request.user, referral=_unsaved(f, requester=request.user)
        ),
        _("Saisine envoyée au secrétariat du COSSIS."),
        _referral_url,
        _("Saisir le comité d'éthique"),
        reverse("gouvernance:referrals"),
    )


def referral_or_404(request, pk) -> EthicsReferral:
    return get_object_or_404(
        EthicsReferral.objects.visible_to(request.user).select_related(
            "committee__region", "requester", "requester_organisation", "screened_by"
        ),
        pk=pk,
    )


def referral_detail(request, pk):
    referral = referral_or_404(request, pk)
    context = {
        "title": referral.title,
        "referral": referral,
        "can_screen": perms.can_screen_referral(request.user, referral),
        "can_answer": perms.can_give_opinion(request.user, referral),
        "entries": history_entries(referral),
    }
    return render(request, "gouvernance/referral_detail.html", context)


def _step_page(request, pk, allowed, form_class, step, success, title):
    referral = referral_or_404(request, pk)
    if not allowed(request.user, referral):
        raise Http404
    return service_page(
        request,
        form_class(request.POST or None),
        lambda f: step(acting_user=request.user, referral=referral, **f.cleaned_data),
        success,
        _referral_url(referral),
        title % referral.title,
    )


def referral_forward(request, pk):
    return _step_page(
        request,
        pk,
        perms.can_screen_referral,
        ScreeningForm,
        services_referrals.forward_referral,
        _("Saisine transmise au comité d'éthique."),
        _("Transmettre au comité la saisine « %s »"),
    )


def referral_reject(request, pk):
    return _step_page(
        request,
        pk,
        perms.can_screen_referral,
        RejectionForm,
        services_referrals.reject_referral,
        _("Saisine déclarée irrecevable."),
        _("Déclarer irrecevable la saisine « %s »"),
    )


def referral_opinion(request, pk):
    return _step_page(
        request,
        pk,
        perms.can_give_opinion,
        OpinionForm,
        services_referrals.give_opinion,
        _("Avis du comité enregistré."),
        _("Avis du comité sur la saisine « %s »"),
    )
