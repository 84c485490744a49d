"""The ARS's tranche pages: add a tranche to a commitment, approve its deliverable, pay it."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.pages import apply_service, form_page
from pilote.financement import tranches
from pilote.financement.forms import ApprovalForm, TrancheForm, TranchePaymentForm
from pilote.financement.models import Commitment, Tranche
from pilote.financement.views import _managed_region


def _back(commitment) -> str:
    return reverse("financement:envelope", args=[commitment.allocation.envelope_id])


def tranche_add(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.visible_to(request.user).select_related("allocation__envelope__region"),
        pk=pk,
    )
    region = _managed_region(request, commitment.allocation.envelope.region)
    form = TrancheForm(request.POST or None, user=request.user, region=region)
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: tranches.add_tranche(
                acting_user=request.user, commitment=commitment, **form.service_arguments()
            ),
            lambda t: _("Tranche ajoutée (%s).") % t.get_status_display().lower(),
            _back(commitment),
        )
        if done:
            return done
    title = _("Nouvelle tranche de l'engagement %s") % commitment.reference
    return form_page(request, form, title, _back(commitment))


def _tranche(request, pk) -> Tranche:
    tranche = get_object_or_404(
        Tranche.objects.visible_to(request.user).select_related(
            "commitment__allocation__envelope__region"
        ),
        pk=pk,
    )
    _managed_region(request, tranche.commitment.allocation.envelope.region)
    return tranche


def deliverable_approve(request, pk):
    tranche = _tranche(request, pk)
    form = ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: tranches.approve_deliverable(
                acting_user=request.user, tranche=tranche, **form.cleaned_data
            ),
            _("Livrable approuvé."),
            _back(tranche.commitment),
        )
        if done:
            return done
    title = _("Approuver le livrable « %s »") % tranche.deliverable
    return form_page(request, form, title, _back(tranche.commitment))


def tranche_pay(request, pk):
    tranche = _tranche(request, pk)
    form = TranchePaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: tranches.pay_tranche(
                acting_user=request.user, tranche=tranche, **form.cleaned_data
            ),
            _("Tranche payée."),
            _back(tranche.commitment),
        )
        if done:
            return done
    title = _("Payer la tranche « %s »") % tranche.label
    return form_page(request, form, title, _back(tranche.commitment))
