"""Campaigns, report entry (saved as you go), approval steps and imports."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from pilote.comptes.access import access_for
from pilote.core.exports import XLSX_TYPE
from pilote.core.pages import REFUSED, apply_service, form_page, refusal_messages, run_service
from pilote.indicateurs import analytics, perms, workflow
from pilote.indicateurs.forms import CampaignForm, ConfirmationForm, ImportForm, ReasonForm
from pilote.indicateurs.import_jobs import describe, runs_in_background, start_values_import
from pilote.indicateurs.imports import READERS, ImportRejected, import_values, xlsx_template
from pilote.indicateurs.models import Campaign, DataValue, Indicator, Report, ReportStatus
from pilote.indicateurs.periods import parse
from pilote.indicateurs.review import Review, history_scope, review_report
from pilote.indicateurs.values import (
    ValueConflict,
    enters_any,
    entry_open,
    save_value,
    version_of,
)
from pilote.territoires.services import region_of


def campaign_list(request):
    campaigns = Campaign.objects.select_related("dataset")
    context = {
        "campaigns": campaigns,
        "can_define": perms.can_define_indicators(request.user),
        "reports": Report.objects.visible_to(request.user)
        .select_related("campaign", "region", "organisation")
        .filter(campaign__status="ouverte")
        .order_by("campaign__period", "region__name"),
        "title": _("Remontées d'indicateurs"),
    }
    return render(request, "indicateurs/campaign_list.html", context)


def campaign_create(request):
    if not perms.can_define_indicators(request.user):
        raise Http404
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply_service(
            request,
            form,
            lambda: workflow.open_campaign(acting_user=request.user, **data),
            _("Campagne ouverte ; un rapport a été créé pour chaque déclarant."),
            reverse("indicateurs:campaigns"),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Ouvrir une campagne"),
        reverse("indicateurs:campaigns"),
        _("Ouvrir la campagne"),
    )


def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("dataset"), pk=pk)
    # only the reports within the user's scope: their statuses are not public
    figures = workflow.completeness(
        campaign, Report.objects.visible_to(request.user).filter(campaign=campaign)
    )
    validated = campaign.reports.filter(status=ReportStatus.VALIDATED).count()
    context = {
        "campaign": campaign,
        "whole_campaign": access_for(request.user).is_national,
        "title": campaign.name,
        "validated": validated if perms.can_define_indicators(request.user) else 0,
        "can_import": enters_any(request.user, campaign),
        "import_form": ImportForm(),
        **figures,
    }
    return render(request, "indicateurs/campaign_detail.html", context)


def campaign_accept_validated(request, pk):
    """The national level accepts the reports the ARS have validated, in one go: first a page
    that lists them with their review (GET), then the acceptance of exactly those (POST)."""
    campaign = get_object_or_404(Campaign.objects.select_related("dataset"), pk=pk)
    if not perms.can_define_indicators(request.user):
        raise Http404
    validated = campaign.reports.filter(status=ReportStatus.VALIDATED).select_related(
        "campaign__dataset", "region", "organisation"
    )
    form = ConfirmationForm(request.POST or None)
    if request.method == "POST":
        listed = validated.filter(pk__in=request.POST.getlist("report"))
        done = run_service(
            request,
            lambda: workflow.accept_reports(
                acting_user=request.user,
                reports=listed,
                confirmation_reason=request.POST.get("confirmation_reason", ""),
            ),
            lambda accepted: (
                _("%d rapport(s) accepté(s) : les valeurs sont publiées.") % len(accepted)
            ),
        )
        if done is not REFUSED:
            return redirect("indicateurs:campaign", pk=campaign.pk)
    rows = [{"report": r, "review": review_report(r)} for r in validated]
    context = {
        "campaign": campaign,
        "rows": rows,
        "form": form,
        "needs_confirmation": any(row["review"].needs_confirmation for row in rows),
        "title": _("Accepter les rapports validés — %s") % campaign.name,
    }
    return render(request, "indicateurs/campaign_accept.html", context)


def _report_or_404(request, pk) -> Report:
    return get_object_or_404(
        Report.objects.visible_to(request.user).select_related(
            "campaign__dataset", "region", "organisation"
        ),
        pk=pk,
    )


def _rows(report: Report, review: Review):
    """One row per data element and option, with the value, last period's, the target, the
    comment and the unusual-change warnings of the review."""
    period = parse(report.campaign.period)
    previous = period.previous().code
    region = region_of(report.region)  # where the values consolidate (today's region)
    current = {
        (v.data_element_id, v.option): v
        for v in DataValue.objects.in_region(region).filter(period=period.code, **report.org_unit())
    }
    # last period's accepted values for this org unit: an establishment's or a former region's
    # own, or today's region summed over what it absorbed (Bourgogne + Franche-Comté for BFC in
    # 2016S1)
    scope = history_scope(report)
    past = {
        (element_id, option): total
        for element_id, option, total in DataValue.objects.in_region(region)
        .filter(period=previous, **scope)
        .published()
        .values("data_element_id", "option")
        .annotate(total=Sum("published"))
        .order_by()
        .values_list("data_element_id", "option", "total")
    }
    indicators = list(Indicator.objects.all())
    targets = analytics.targets_for(indicators, period, [region.pk])
    target_notes: dict[int, list[str]] = {}
    for indicator in indicators:
        target = targets.get((indicator.pk, region.pk))
        if target is not None:
            unit = " %" if indicator.unit == "%" else ""
            target_notes.setdefault(indicator.numerator_id, []).append(
                f"{indicator.short_name} : {target:g}{unit}"
            )
    unusual = {
        (u.value.data_element_id, u.value.option): u.messages
        for u in review.unusual
        if u.value.period == period.code
    }
    rows = []
    for completeness in review.elements:
        element = completeness.element
        options = (
            list(element.disaggregation.options.all()) if element.disaggregation_id else [None]
        )
        for option in options:
            code = option.code if option else ""
            rows.append(
                {
                    "element": element,
                    "option": option,
                    "key": f"{element.pk}-{code}",
                    "value": current.get((element.pk, code)),
                    "version": version_of(current.get((element.pk, code))),
                    "previous": past.get((element.pk, code)),
                    "targets": target_notes.get(element.pk, []),
                    "unusual": unusual.get((element.pk, code), []),
                }
            )
    return rows


def report_detail(request, pk):
    """The report: its values beside last period's and the target, and the review a validator
    reads before validating or accepting (completeness, unusual changes, broken rules)."""
    report = _report_or_404(request, pk)
    can_enter = perms.can_enter_report(request.user, report) and entry_open(report)
    review = review_report(report)
    context = {
        "report": report,
        "review": review,
        "rows": _rows(report, review),
        "can_enter": can_enter,
        "can_submit": can_enter,
        "can_validate": report.status == ReportStatus.SUBMITTED
        and perms.can_validate_report(request.user, report),
        "can_accept": report.status == ReportStatus.VALIDATED
        and perms.can_accept_report(request.user, report),
        "can_return": perms.can_return_report(request.user, report),
        "can_unlock": report.status == ReportStatus.ACCEPTED
        and perms.can_accept_report(request.user, report),
        "events": report.events.select_related("user"),
        "reason_form": ReasonForm(),
        "confirmation_form": ConfirmationForm(),
        "import_form": ImportForm(),
        "title": f"{report.campaign.name} — {report.reporter_label}",
    }
    return render(request, "indicateurs/report_detail.html", context)


@require_POST
def value_save(request, pk):
    """Saves one field as the user leaves it (htmx); answers with the row's status and, out of
    band, the version of the value now stored (after a conflict: the stored value itself)."""
    report = _report_or_404(request, pk)
    element = get_object_or_404(
        report.campaign.dataset.data_elements, pk=request.POST.get("element")
    )
    option = request.POST.get("option", "")
    row = {"key": f"{element.pk}-{option}", "element": element, "option": None}
    if option and element.disaggregation_id:
        row["option"] = element.disaggregation.options.filter(code=option).first()
    try:
        result = save_value(
            acting_user=request.user,
            report=report,
            element=element,
            option=option,
            raw=request.POST.get("value", ""),
            comment=request.POST.get("comment", ""),
            version=request.POST.get("version"),  # absent from a page of the previous release
        )
    except ValueConflict as exc:
        row.update(value=exc.current, version=version_of(exc.current))
        context = {"error": exc.message, "conflict": True, "row": row, "report": report}
        return render(request, "indicateurs/_save_status.html", context, status=200)
    except ValidationError as exc:  # a refused permission is a 403 (pilote.core.pages)
        message = " ".join(refusal_messages(exc))
        return render(request, "indicateurs/_save_status.html", {"error": message}, status=200)
    warnings = result.warnings if result.value else []
    row.update(value=result.value, version=result.version)
    context = {"saved": True, "warnings": warnings, "row": row, "report": report}
    return render(request, "indicateurs/_save_status.html", context)


# step → (service, success message, the text field it takes from the form)
STEPS = {
    "soumettre": (workflow.submit_report, _("Rapport soumis à l'ARS."), None),
    "valider": (
        workflow.validate_report,
        _("Rapport validé ; transmis au niveau national."),
        "confirmation_reason",
    ),
    "accepter": (
        workflow.accept_report,
        _("Rapport accepté : les valeurs sont publiées."),
        "confirmation_reason",
    ),
    "renvoyer": (workflow.return_report, _("Rapport renvoyé pour correction."), "reason"),
    "deverrouiller": (
        workflow.unlock_report,
        _("Rapport déverrouillé pour correction."),
        "reason",
    ),
}


@require_POST
def report_step(request, pk, step):
    report = _report_or_404(request, pk)
    if step not in STEPS:
        raise Http404
    step_service, success, text_field = STEPS[step]
    texts = {text_field: request.POST.get(text_field, "")} if text_field else {}
    action = partial(step_service, acting_user=request.user, report=report, **texts)
    run_service(request, action, success)
    return redirect("indicateurs:report", pk=report.pk)


@require_POST
def report_import(request, pk):
    report = _report_or_404(request, pk)
    if not perms.can_enter_report(request.user, report):
        raise Http404
    back = (reverse("indicateurs:report", args=[report.pk]), _("Retour au rapport"))
    return _import_file(request, report.campaign, back)


@require_POST
def campaign_import(request, pk):
    """A file for several reports of the campaign (every region or establishment the user
    enters), sent from the campaign page; each line is checked against its own report."""
    campaign = get_object_or_404(Campaign, pk=pk)
    if not enters_any(request.user, campaign, open_only=False):
        raise Http404
    back = (reverse("indicateurs:campaign", args=[campaign.pk]), _("Retour à la campagne"))
    return _import_file(request, campaign, back)


def _import_file(request, campaign, back: tuple[str, str]):
    """The import of an uploaded file into `campaign`, then back to the page it was sent from
    (`back`: its URL and the label of a link to it); a large file goes to the worker."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choisissez un fichier."))
        return redirect(back[0])
    upload = form.cleaned_data["file"]
    file_format = upload.name.rsplit(".", 1)[-1].lower()
    dry_run = form.cleaned_data["dry_run"]
    data = upload.read()
    if file_format in READERS and runs_in_background(data, file_format):
        return _import_in_background(
            request, campaign, data, file_format, upload.name, dry_run, back
        )
    try:
        result = import_values(
            acting_user=request.user,
            campaign=campaign,
            data=data,
            file_format=file_format,
            filename=upload.name,
            dry_run=dry_run,
        )
    except ImportRejected as exc:
        context = {
            "back_url": back[0],
            "back_label": back[1],
            "problems": exc.problems,
            "total": exc.total,
            "title": _("Import refusé — %s") % upload.name,
        }
        return render(request, "indicateurs/import_problems.html", context, status=422)
    for warning in result.warnings:
        messages.warning(request, warning)
    (messages.success if result.rows else messages.warning)(request, describe(result))
    return redirect(back[0])


def _import_in_background(request, campaign, data, file_format, filename, dry_run, back):
    """A large file: stored and imported by the worker; the user follows it on its job page,
    whose link leads back to the page the file was sent from."""
    job = run_service(
        request,
        lambda: start_values_import(
            acting_user=request.user,
            campaign=campaign,
            data=data,
            file_format=file_format,
            filename=filename,
            dry_run=dry_run,
            back=back,
        ),
        _(
            "Fichier volumineux : l'import se poursuit en arrière-plan. Suivez-le ici ; "
            "vous pouvez quitter cette page."
        ),
    )
    if job is REFUSED:
        return redirect(back[0])
    if request.htmx:
        # the form posts through htmx, which follows a redirect itself and swaps the answer in:
        # the job page would come as its polling fragment into a blank page. The browser goes
        # to it instead, a page of its own that a reload keeps.
        return HttpResponseClientRedirect(reverse("taches:detail", args=[job.pk]))
    return redirect("taches:detail", pk=job.pk)


def campaign_template(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("dataset"), pk=pk)
    response = HttpResponse(xlsx_template(campaign, request.user), content_type=XLSX_TYPE)
    # the dataset and the period: two campaigns of one period give two files
    name = f"modele-{slugify(campaign.dataset.code)}-{campaign.period}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
