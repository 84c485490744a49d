"""The funding pages: a region's envelopes and their execution, one envelope with what it is
programmed to, committed and paid, and the forms of the ARS."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.exports import dated, xlsx_response
from pilote.core.history_view import history_entries
from pilote.core.pages import apply_service, form_page, import_page
from pilote.financement import perms, queries, services
from pilote.financement.forms import (
    AllocationForm,
    CarryOverForm,
    CommitmentForm,
    EnvelopeForm,
    PaymentForm,
)
from pilote.financement.models import Allocation, Commitment, Envelope
from pilote.territoires.regions import current_region


def _year(request):
    try:
        return int(request.GET.get("annee", ""))
    except ValueError:
        return None


def overview(request):
    """The region's envelopes by year and domain, as the ARS's tables give them, with what is
    programmed, committed, paid and remaining; national roles without a region see every
    region's totals."""
    region = current_region(request)
    envelopes = Envelope.objects.visible_to(request.user).in_region(region)
    year = _year(request)
    years = sorted(set(envelopes.values_list("year", flat=True)), reverse=True)
    if year is not None:
        envelopes = envelopes.filter(year=year)
    if request.GET.get("format") == "xlsx":
        return _export(envelopes, region)
    context = {
        "title": _("Financements"),
        "region": region,
        "years": years,
        "year": year,
        "blocks": queries.by_year_and_domain(envelopes),
        "can_manage": region is not None and perms.can_manage_funding(request.user, region),
        "is_national": perms.can_read_national_funding(request.user),
    }
    return render(request, "financement/overview.html", context)


def _export(envelopes, region):
    headers = [
        _("Région"),
        _("Année"),
        _("Domaine"),
        _("Ligne"),
        _("Financeur"),
        _("Circuit"),
        _("Origine"),
        _("Montant (€)"),
        _("Programmé (€)"),
        _("Engagé (€)"),
        _("Payé (€)"),
        _("Reporté (€)"),
        _("Reste à programmer (€)"),
    ]
    rows = (
        [
            e.region.name,
            e.year,
            e.line.get_domain_display(),
            e.line.name,
            e.funder.name,
            e.get_channel_display(),
            e.get_origin_display(),
            e.amount,
            e.programmed,
            e.committed,
            e.paid,
            e.carried,
            e.remaining,
        ]
        for e in map(
            queries.settle,
            queries.with_execution(envelopes).order_by(
                "region__name", "-year", "line__domain", "line__position"
            ),
        )
    )
    name = dated(f"financements-{region.code}" if region else "financements")
    return xlsx_response(name, _("Financements"), headers, rows)


def _envelope_or_404(request, pk) -> Envelope:
    return get_object_or_404(
        queries.with_execution(Envelope.objects.visible_to(request.user)), pk=pk
    )


def envelope_detail(request, pk):
    envelope = queries.settle(_envelope_or_404(request, pk))
    allocations = (
        envelope.allocations.select_related("beneficiary", "project")
        .prefetch_related(
            "commitments__payments",
            "commitments__tranches__data_element",
            "commitments__tranches__indicator",
            "commitments__tranches__territory",
            "commitments__tranches__organisation",
            "commitments__tranches__evidence_report__campaign",
        )
        .order_by("programmed_on", "pk")
    )
    context = {
        "title": str(envelope),
        "envelope": envelope,
        "allocations": allocations,
        "carried_to": envelope.carried_to.all(),
        "can_manage": perms.can_manage_funding(request.user, envelope.region),
        "entries": history_entries(envelope),
    }
    return render(request, "financement/envelope_detail.html", context)


def _managed_region(request, region):
    if region is None or not perms.can_manage_funding(request.user, region):
        raise Http404
    return region


def envelope_add(request):
    region = _managed_region(request, current_region(request))
    form = EnvelopeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        envelope = form.save(commit=False)
        envelope.region = region
        done = apply_service(
            request,
            form,
            lambda: services.save_envelope(acting_user=request.user, envelope=envelope),
            _("Enveloppe enregistrée."),
            lambda e: reverse("financement:envelope", args=[e.pk]),
        )
        if done:
            return done
    title = _("Nouvelle enveloppe — %s") % region.name
    return form_page(request, form, title, reverse("financement:overview"))


def envelope_edit(request, pk):
    envelope = _envelope_or_404(request, pk)
    _managed_region(request, envelope.region)
    form = EnvelopeForm(request.POST or None, instance=Envelope.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        done = apply_service(
            request,
            form,
            lambda: services.save_envelope(acting_user=request.user, envelope=changed),
            _("Enveloppe modifiée."),
            reverse("financement:envelope", args=[pk]),
        )
        if done:
            return done
    back = reverse("financement:envelope", args=[pk])
    return form_page(request, form, _("Modifier l'enveloppe %s") % envelope, back)


def allocation_add(request, pk):
    envelope = _envelope_or_404(request, pk)
    region = _managed_region(request, envelope.region)
    form = AllocationForm(request.POST or None, user=request.user, region=region)
    back = reverse("financement:envelope", args=[pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply_service(
            request,
            form,
            lambda: services.allocate(acting_user=request.user, envelope=envelope, **data),
            _("Programmation enregistrée."),
            back,
        )
        if done:
            return done
    return form_page(request, form, _("Programmer l'enveloppe %s") % envelope, back)


def commitment_add(request, pk):
    allocation = get_object_or_404(
        Allocation.objects.visible_to(request.user).select_related("envelope__region"), pk=pk
    )
    _managed_region(request, allocation.envelope.region)
    form = CommitmentForm(request.POST or None)
    back = reverse("financement:envelope", args=[allocation.envelope_id])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply_service(
            request,
            form,
            lambda: services.commit(acting_user=request.user, allocation=allocation, **data),
            _("Engagement enregistré."),
            back,
        )
        if done:
            return done
    return form_page(request, form, _("Engager « %s »") % allocation.label, back)


def payment_add(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.visible_to(request.user).select_related("allocation__envelope__region"),
        pk=pk,
    )
    _managed_region(request, commitment.allocation.envelope.region)
    form = PaymentForm(request.POST or None)
    back = reverse("financement:envelope", args=[commitment.allocation.envelope_id])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply_service(
            request,
            form,
            lambda: services.pay(acting_user=request.user, commitment=commitment, **data),
            _("Paiement enregistré."),
            back,
        )
        if done:
            return done
    return form_page(request, form, _("Payer sur l'engagement %s") % commitment.reference, back)


def carry_over(request, pk):
    envelope = _envelope_or_404(request, pk)
    _managed_region(request, envelope.region)
    form = CarryOverForm(request.POST or None)
    back = reverse("financement:envelope", args=[pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply_service(
            request,
            form,
            lambda: services.carry_over(acting_user=request.user, envelope=envelope, **data),
            _("Report enregistré sur l'année suivante."),
            lambda target: reverse("financement:envelope", args=[target.pk]),
        )
        if done:
            return done
    title = _("Reporter sur %(next)s une part de l'enveloppe %(e)s") % {
        "next": envelope.year + 1,
        "e": envelope,
    }
    return form_page(request, form, title, back)


def accounting_import(request):
    """The ARS reconciles Pilote with an accounting extract: all or nothing, a dry run first."""
    from pilote.financement.accounting import import_accounting
    from pilote.financement.forms import AccountingImportForm

    _managed_region(request, current_region(request))
    return import_page(
        request,
        AccountingImportForm,
        import_accounting,
        title=_("Importer un extrait comptable"),
        back_url=reverse("financement:overview"),
        back_label=_("Financements"),
        intro=_(
            "Les engagements juridiques et les paiements de l'extrait sont rapprochés des "
            "programmations de Pilote. Le fichier est importé d'un bloc : un seul problème, et "
            "rien n'est enregistré. Une ligne déjà enregistrée à l'identique est laissée telle "
            "quelle."
        ),
    )
