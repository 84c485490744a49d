"""Campaigns and the approval of reports: operator submits → ARS validates → national accepts.
Every step is a ReportEvent (who, when, why); accepted data is locked and published at once."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.core.history import save_with_history
from pilote.indicateurs import analytics, perms, signals
from pilote.indicateurs.models import (
    Campaign,
    Dataset,
    DataValue,
    Level,
    Report,
    ReportEvent,
    ReportStatus,
)
from pilote.indicateurs.periods import parse
from pilote.indicateurs.review import (
    Review,
    require_comments,
    require_confirmation,
    review_report,
)
from pilote.territoires.models import Territory
from pilote.territoires.services import region_of


@transaction.atomic
def open_campaign(
    *,
    acting_user,
    dataset: Dataset,
    period: str,
    opens_on: datetime.date,
    deadline: datetime.date,
    locks_on: datetime.date,
    name: str = "",
) -> Campaign:
    """The national level opens a campaign: each region with an ARS gets its report or, for a
    dataset entered per establishment, each of the dataset's reporting organisations."""
    if not perms.can_define_indicators(acting_user):
        raise PermissionDenied(_("Seul le niveau national ouvre les campagnes."))
    p = parse(period)
    if p.type != dataset.period_type:
        raise ValidationError(
            {
                "period": _(
                    "La période %(p)s ne correspond pas à la périodicité du jeu de données (%(t)s)."
                )
                % {"p": period, "t": dataset.get_period_type_display()}
            }
        )
    if Campaign.objects.filter(dataset=dataset, period=p.code).exists():
        raise ValidationError(
            {
                "period": _("Une campagne « %(d)s » est déjà ouverte pour %(p)s.")
                % {"d": dataset.name, "p": p.code}
            }
        )
    if not opens_on <= deadline <= locks_on:
        raise ValidationError(
            {"deadline": _("Les dates doivent se suivre : ouverture ≤ date limite ≤ verrouillage.")}
        )
    campaign = Campaign(
        dataset=dataset,
        period=p.code,
        opens_on=opens_on,
        deadline=deadline,
        locks_on=locks_on,
        name=name or f"{dataset.name} {p.code}",
    )
    campaign.full_clean()
    _check_single_collection_level(dataset, p)
    if dataset.level == Level.ORGANISATION:
        organisations = list(dataset.organisations.filter(region__isnull=False, is_active=True))
        if not organisations:
            raise ValidationError(
                _(
                    "Ce jeu de données se saisit par structure : "
                    "désignez les structures déclarantes."
                )
            )
        reports = [
            Report(campaign=campaign, region=o.region, organisation=o) for o in organisations
        ]
    else:
        regions = Territory.objects.valid_on(p.start).ars_regions()
        reports = [Report(campaign=campaign, region=region) for region in regions]
    save_with_history(campaign, acting_user=acting_user, reason=_("Ouverture"))
    for report in reports:
        report.campaign = campaign
        save_with_history(report, acting_user=acting_user, reason=_("Ouverture"))
    signals.campaign_opened.send(Campaign, campaign=campaign, acting_user=acting_user)
    return campaign


def _check_single_collection_level(dataset: Dataset, period) -> None:
    """A data element is collected at one level for a given time: the same element entered by
    the region and by its establishments would be counted twice in the region's roll-up."""
    elements = set(dataset.data_elements.values_list("pk", flat=True))
    others = Campaign.objects.exclude(dataset__level=dataset.level).filter(
        dataset__data_elements__in=elements
    )
    for other in others.select_related("dataset").distinct():
        other_period = parse(other.period)
        if other_period.contains(period) or period.contains(other_period):
            shared = other.dataset.data_elements.filter(pk__in=elements).values_list(
                "code", flat=True
            )
            raise ValidationError(
                _(
                    "Données déjà collectées au niveau « %(l)s » pour %(p)s (campagne « %(c)s ») "
                    ": %(e)s. Une même donnée ne se collecte qu'à un niveau à la fois, sinon "
                    "la région la compterait deux fois."
                )
                % {
                    "e": ", ".join(sorted(shared)),
                    "l": other.dataset.get_level_display().lower(),
                    "p": other.period,
                    "c": other.name,
                }
            )


def _step(
    report: Report,
    acting_user,
    action: str,
    to_status: str,
    reason: str = "",
    review: Review | None = None,
) -> Report:
    """Record one approval step; `review`: what the user confirmed despite its warnings."""
    confirmed = review is not None and review.needs_confirmation
    event = ReportEvent.objects.create(
        report=report,
        action=action,
        from_status=report.status,
        to_status=to_status,
        user=acting_user,
        reason=reason.strip(),
        confirmed_problems="\n".join([review.problems(), *review.details()]) if confirmed else "",
    )
    report.status = to_status
    history_reason = action
    if confirmed:
        history_reason = _("%(a)s confirmée malgré : %(p)s — motif : %(r)s") % {
            "a": action,
            "p": review.problems(),
            "r": reason.strip(),
        }
    save_with_history(report, acting_user=acting_user, reason=history_reason)
    signals.report_step_done.send(Report, report=report, event=event)
    return report


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("campaign").get(pk=report.pk)


@transaction.atomic
def submit_report(*, acting_user, report: Report) -> Report:
    report = _locked(report)
    if not perms.can_enter_report(acting_user, report):
        raise PermissionDenied(_("Vous ne pouvez pas soumettre les données de cette région."))
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("Seul un rapport en saisie peut être soumis."))
    if not DataValue.objects.filter(report=report).exists():
        raise ValidationError(_("Le rapport est vide : saisissez au moins une valeur."))
    review = review_report(report)  # its rules' violations too: each reads every value
    errors = [message for severity, message in review.violations if severity == "erreur"]
    if errors:
        raise ValidationError(errors)
    require_comments(review)
    now = timezone.now()
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    return _step(report, acting_user, _("Soumission"), ReportStatus.SUBMITTED)


@transaction.atomic
def validate_report(*, acting_user, report: Report, confirmation_reason: str = "") -> Report:
    """The ARS validates a submitted report; an incomplete one, or one with warnings, only with
    a reason for confirming it (recorded with what was confirmed)."""
    report = _locked(report)
    if not perms.can_validate_report(acting_user, report):
        raise PermissionDenied(_("La validation revient à l'ARS de la région."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Seul un rapport soumis peut être validé."))
    review = review_report(report)
    require_confirmation(review, confirmation_reason, _("validez"))
    return _step(
        report,
        acting_user,
        _("Validation ARS"),
        ReportStatus.VALIDATED,
        confirmation_reason,
        review,
    )


@transaction.atomic
def accept_report(*, acting_user, report: Report, confirmation_reason: str = "") -> Report:
    """National acceptance: values become the published ones and the roll-ups follow now. An
    incomplete report, or one with warnings, only with a reason for confirming it."""
    return accept_reports(
        acting_user=acting_user, reports=[report], confirmation_reason=confirmation_reason
    )[0]


@transaction.atomic
def accept_reports(*, acting_user, reports, confirmation_reason: str = "") -> list[Report]:
    """National acceptance of several validated reports at once: one publication statement and
    one roll-up refresh for all of them. Those that are incomplete or carry warnings need the
    confirmation's reason (the confirmation page lists them first)."""
    reports = list(
        Report.objects.select_for_update()
        .select_related("campaign")
        .filter(pk__in=[r.pk for r in reports])
    )
    # the permission first, even when there is nothing to accept
    if not all(perms.can_accept_report(acting_user, report) for report in reports or [None]):
        raise PermissionDenied(_("L'acceptation revient au niveau national."))
    if not reports:
        return []
    for report in reports:
        if report.status != ReportStatus.VALIDATED:
            raise ValidationError(
                _("%s : seul un rapport validé par l'ARS peut être accepté.")
                % report.reporter_label
            )
    reviews = {report.pk: review_report(report) for report in reports}
    if len(reports) == 1:
        require_confirmation(reviews[reports[0].pk], confirmation_reason, _("acceptez"))
    elif not confirmation_reason.strip():
        flagged = [
            f"{report.reporter_label} : {reviews[report.pk].problems()}"
            for report in reports
            if reviews[report.pk].needs_confirmation
        ]
        if flagged:
            raise ValidationError(
                [_("Rapports à confirmer : indiquez pourquoi vous les acceptez quand même.")]
                + flagged
            )
    now = timezone.now()
    for report in reports:
        report.accepted_at = now
        report.was_accepted = True
        review = reviews[report.pk]
        _step(
            report,
            acting_user,
            _("Acceptation nationale"),
            ReportStatus.ACCEPTED,
            confirmation_reason if review.needs_confirmation else "",
            review,
        )
    _publish(reports)
    signals.reports_published.send(Report, reports=reports, acting_user=acting_user)
    return reports


def _publish(reports) -> None:
    """Refresh the roll-ups the reports' values touch (an accepted report's values are the
    published ones: nothing is written per value): a report's values consolidate onto today's
    region of its own region, in the periods its campaign covers."""
    analytics.refresh_aggregates(
        region_ids={region_of(r.region).pk for r in reports},
        periods={
            code for r in reports for code in analytics.native_codes(parse(r.campaign.period))
        },
    )


@transaction.atomic
def return_report(*, acting_user, report: Report, reason: str) -> Report:
    """Send back for correction, with a reason (ARS on a submitted report, national on a
    submitted or validated one)."""
    report = _locked(report)
    if not perms.can_return_report(acting_user, report):
        raise PermissionDenied(_("Vous ne pouvez pas renvoyer ce rapport."))
    if not reason.strip():
        raise ValidationError(_("Indiquez le motif du renvoi."))
    return _step(report, acting_user, _("Renvoi pour correction"), ReportStatus.OPEN, reason)


@transaction.atomic
def unlock_report(*, acting_user, report: Report, reason: str) -> Report:
    """Unlocking accepted data is a recorded national decision; the accepted values stay
    published until the corrected report is accepted again."""
    report = _locked(report)
    if not perms.can_accept_report(acting_user, report):
        raise PermissionDenied(_("Le déverrouillage est une décision nationale."))
    if report.status != ReportStatus.ACCEPTED:
        raise ValidationError(_("Seul un rapport accepté peut être déverrouillé."))
    if not reason.strip():
        raise ValidationError(_("Motivez la décision de déverrouillage."))
    # the accepted values stay published while the report is corrected
    DataValue.objects.filter(report=report).update(accepted_value=F("value"))
    return _step(report, acting_user, _("Déverrouillage"), ReportStatus.OPEN, reason)


def completeness(campaign: Campaign, reports=None) -> dict:
    """Who reported and who was on time (first submission by the deadline), among `reports`
    (a QuerySet of the campaign's reports; all of them by default)."""
    reports = campaign.reports.all() if reports is None else reports
    reports = list(reports.select_related("region", "organisation").order_by("region__name"))
    deadline_end = datetime.datetime.combine(
        campaign.deadline, datetime.time.max, tzinfo=timezone.get_current_timezone()
    )
    rows = []
    for report in reports:
        submitted = report.first_submitted_at
        rows.append(
            {
                "report": report,
                "reported": submitted is not None,
                "on_time": submitted is not None and submitted <= deadline_end,
            }
        )
    expected = len(rows)
    reported = sum(r["reported"] for r in rows)
    on_time = sum(r["on_time"] for r in rows)
    return {
        "rows": rows,
        "expected": expected,
        "reported": reported,
        "on_time": on_time,
        "completeness": round(100 * reported / expected, 1) if expected else 0.0,
        "timeliness": round(100 * on_time / expected, 1) if expected else 0.0,
    }
