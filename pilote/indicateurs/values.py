"""Entering data values: parsing, checks (validation rules, outliers), saving with history."""

import datetime
import math
import statistics
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.core.history import attribute, save_with_history
from pilote.indicateurs import perms
from pilote.indicateurs.models import (
    CampaignStatus,
    DataElement,
    DataValue,
    Report,
    ReportStatus,
    ValidationRule,
    ValueType,
)
from pilote.indicateurs.periods import parse, shift
from pilote.territoires.services import region_of

# Bounds of a value, by type. A count (entier) of the socle commun — establishments, patients,
# documents, messages, acts over a year for the whole country — stays far below a thousand
# billion; a number (nombre: amounts in euros, durations) likewise. Within these bounds a float
# holds every whole number exactly (up to 2**53) and the sum of ten million values is finite.
MAX_COUNT = 10**12
MAX_NUMBER = 10**12


def parse_value(element: DataElement, raw) -> tuple[float | None, str]:
    """(number, text) from what a user typed; ValueError with a French message otherwise."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None, ""
    if element.value_type == ValueType.TEXT:
        return None, text
    if element.value_type == ValueType.BOOLEAN:
        lowered = text.lower()
        if lowered in ("oui", "1", "true", "vrai"):
            return 1.0, ""
        if lowered in ("non", "0", "false", "faux"):
            return 0.0, ""
        raise ValueError(_("« %s » n'est pas oui ou non") % text)
    if element.value_type == ValueType.DATE:
        return None, parse_date(text).isoformat()
    if element.value_type == ValueType.INTEGER and text.isascii() and text.isdigit():
        if len(text) <= 12:  # the common case of large imports, without the slow path
            return float(text), ""
        return _bounded(int(text), text, MAX_COUNT), ""
    cleaned = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if cleaned.endswith("%") and element.value_type == ValueType.PERCENTAGE:
        cleaned = cleaned[:-1]
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(_("« %s » n'est pas un nombre") % text) from None
    if math.isnan(number):
        raise ValueError(_("« %s » n'est pas un nombre") % text)
    if element.value_type == ValueType.INTEGER:
        if number < 0:
            raise ValueError(_("« %s » : un effectif ne peut pas être négatif") % text)
        _bounded(number, text, MAX_COUNT)
        if number != int(number):
            raise ValueError(_("« %s » doit être un nombre entier") % text)
    elif element.value_type == ValueType.PERCENTAGE:
        if not 0 <= number <= 100:
            raise ValueError(_("« %s » : un pourcentage est compris entre 0 et 100") % text)
    else:
        _bounded(abs(number), text, MAX_NUMBER)
    return number, ""


def as_typed(element: DataElement, value):
    """A stored value (number or text) as a user types it — `parse_value` reads it back: yes/no
    in words, a date as 31/12/2026 (the XLSX template's information columns)."""
    if value is None or value == "":
        return None
    if element.value_type == ValueType.BOOLEAN:
        return _("oui") if value else _("non")
    if element.value_type == ValueType.DATE:
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):  # stored before dates were checked: as it is
            return value
    return value


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def parse_date(text: str) -> datetime.date:
    """A date typed as 31/12/2017 or 2017-12-31 (how a date value is stored: ISO, as text);
    ValueError with a French message otherwise."""
    for layout in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise ValueError(_("« %s » n'est pas une date (attendu : JJ/MM/AAAA)") % text)


def _bounded(magnitude, text: str, limit: int) -> float:
    """The magnitude as a float if at most `limit` (infinity is not); ValueError otherwise."""
    if not magnitude <= limit:
        raise ValueError(
            _("« %(v)s » dépasse la valeur maximale admise (%(m)s)")
            % {"v": text if len(text) <= 40 else text[:40] + "…", "m": _fmt(limit)}
        )
    return float(magnitude)


def check_option(element: DataElement, option: str) -> str:
    option = (option or "").strip()
    if element.disaggregation_id is None:
        if option:
            raise ValueError(
                _("%(e)s n'a pas de ventilation (modalité « %(o)s »)")
                % {"e": element.code, "o": option}
            )
        return ""
    codes = [o.code for o in element.disaggregation.options.all()]
    if option not in codes:
        raise ValueError(
            _("modalité « %(o)s » inconnue pour %(e)s (attendu : %(c)s)")
            % {"o": option, "e": element.code, "c": ", ".join(codes)}
        )
    return option


@dataclass
class SaveResult:
    value: DataValue | None
    warnings: list[str] = field(default_factory=list)

    @property
    def version(self) -> str:
        return version_of(self.value)


def version_of(value: DataValue | None) -> str:
    """The version token a form carries: when the value was last saved ("" for no value).
    Imports and entry both set `updated_at`; it has the microsecond."""
    if value is None or value.pk is None:
        return ""
    return value.updated_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S.%f")


def shown(value: DataValue | None) -> str:
    """A stored value as a user reads it."""
    if value is None:
        return _("(vide)")
    if value.value is not None:
        return _fmt(value.value)
    return value.text_value or _("(vide)")


class ValueConflict(ValidationError):
    """Another user saved this value after the form was loaded: nothing was written. `current`
    is the value as stored now (None if it was cleared)."""

    def __init__(self, current: DataValue | None, attempted):
        self.current = current
        yours = str(attempted or "").strip() or _("(vide)")
        if current is None:
            message = _(
                "Cette valeur a été effacée entre-temps par un autre utilisateur. Votre saisie "
                "(%(yours)s) n'a pas été enregistrée : ressaisissez-la si elle doit être conservée."
            ) % {"yours": yours}
        else:
            message = _(
                "Cette valeur a été modifiée entre-temps par %(who)s le %(when)s : %(theirs)s. "
                "Votre saisie (%(yours)s) n'a pas été enregistrée ; le champ affiche maintenant "
                "la valeur enregistrée : ressaisissez la vôtre si elle doit la remplacer."
            ) % {
                "who": current.updated_by or _("un autre utilisateur"),
                "when": timezone.localtime(current.updated_at).strftime("%d/%m/%Y à %H:%M:%S"),
                "theirs": shown(current),
                "yours": yours,
            }
        super().__init__(message, code="conflict")


def entry_open(report: Report, today: datetime.date | None = None) -> bool:
    today = today or datetime.date.today()
    campaign = report.campaign
    return (
        report.status == ReportStatus.OPEN
        and campaign.status == CampaignStatus.OPEN
        and campaign.opens_on <= today <= campaign.locks_on
    )


@transaction.atomic
def save_value(
    *,
    acting_user,
    report: Report,
    element: DataElement,
    raw,
    option: str = "",
    comment: str = "",
    version: str | None = None,
) -> SaveResult:
    """Save one value of an open report (the region's, or the establishment's for a dataset
    entered per establishment); report the warnings it raises.

    `version` is the token (`version_of`) of the value the user's form showed ("" if it showed
    none): if someone saved the value since, nothing is written and `ValueConflict` says who
    saved what (no lost update). The stored row is locked while it is compared and written.
    None skips the check (a caller that has no form)."""
    if not perms.can_enter_report(acting_user, report):
        raise PermissionDenied(_("Vous ne pouvez pas saisir les données de cette région."))
    if not entry_open(report):
        raise ValidationError(
            _("Le rapport n'est pas ouvert à la saisie (statut : %s).")
            % report.get_status_display()
        )
    if not report.campaign.dataset.data_elements.filter(pk=element.pk).exists():
        raise ValidationError(_("%s ne fait pas partie de ce jeu de données.") % element.code)
    try:
        option = check_option(element, option)
        number, text = parse_value(element, raw)
    except ValueError as exc:
        raise ValidationError(f"{element.short_name or element.name} : {exc}") from exc
    lookup = dict(
        data_element=element, option=option, period=report.campaign.period, **report.org_unit()
    )
    existing = DataValue.objects.select_for_update().filter(**lookup).first()
    comment = comment.strip()
    if version is not None and version != version_of(existing):
        if existing is not None and (existing.value, existing.text_value, existing.comment) == (
            number,
            text,
            comment,
        ):  # both typed the same: nothing is lost
            return SaveResult(existing)
        raise ValueConflict(existing, raw)
    if number is None and not text and not comment:
        if existing is not None and existing.accepted_value is None:
            attribute(existing, acting_user)
            existing.delete()
            return SaveResult(None)
        if existing is None:
            return SaveResult(None)
        # cleared during a correction: the row keeps the published value until acceptance
    value = existing or DataValue(
        data_element=element,
        option=option,
        region=region_of(report.region),  # a 2015 report of Bourgogne counts for BFC today
        period=report.campaign.period,
        **report.org_unit(),
    )
    value.value, value.text_value, value.comment = number, text, comment
    value.report, value.updated_by = report, acting_user
    if existing is not None:
        save_with_history(value, acting_user=acting_user, reason=_("Saisie"))
    else:
        try:  # another user may be creating the same value: the unique constraint decides
            with transaction.atomic():
                save_with_history(value, acting_user=acting_user, reason=_("Saisie"))
        except IntegrityError:
            created = DataValue.objects.filter(**lookup).first()
            if created is None:  # not another user's value: a real integrity error
                raise
            raise ValueConflict(created, raw) from None
    warnings = outlier_warnings(value) + [m for _sev, m in rule_violations(report)]
    return SaveResult(value, warnings)


HISTORY = 8  # past periods an entered value is compared with


def reports_to_enter(user, campaign, open_only: bool = True):
    """The campaign's reports the user may enter (and, if `open_only`, that are open to entry
    now), ordered by region then establishment, read as they come: the lines of the XLSX
    template (all of them), and whether the campaign page offers an import (the first one
    is enough — an establishment campaign has thousands)."""
    reports = (
        Report.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("region", "organisation", "campaign")
        .order_by("region__name", "organisation__name")
    )
    for report in reports.iterator(chunk_size=500):
        if perms.can_enter_report(user, report) and (not open_only or entry_open(report)):
            yield report


def enters_any(user, campaign, open_only: bool = True) -> bool:
    """Whether the user may enter one of the campaign's reports (open to entry now, if
    `open_only`): the campaign page's import form, and the refusal of an import by a user who
    enters none. A reader is answered without reading the reports."""
    if not perms.enters_some_report(user):
        return False
    return next(reports_to_enter(user, campaign, open_only), None) is not None


def history_codes(period_code: str, history: int = HISTORY) -> list[str]:
    """The codes of the `history` periods before `period_code`, the latest first."""
    period = parse(period_code)
    return [shift(period, -i).code for i in range(1, history + 1)]


def outlier_warnings(value: DataValue, history: int = HISTORY) -> list[str]:
    """Compare a value with the same territory's accepted history (DHIS2-style z-score, plus a
    large jump from the previous period)."""
    if value.value is None:
        return []
    codes = history_codes(value.period, history)
    past = dict(
        DataValue.objects.in_region(value.region_id)
        .filter(
            data_element=value.data_element,
            option=value.option,
            organisation=value.organisation,
            period__in=codes,
        )
        .published()
        .values_list("period", "published")
    )
    return unusual_changes(value.data_element.short_name, value.value, codes, past)


def unusual_changes(label: str, current: float, codes: list[str], past: dict) -> list[str]:
    """The warnings a value raises against its org unit's accepted history: `past` maps the
    period codes of `codes` (the latest first) to their accepted values. Used on entry and in
    the validator's review (`review.review_report`)."""
    warnings = []
    series = [past[c] for c in codes if c in past]
    if len(series) >= 4:
        mean, sd = statistics.fmean(series), statistics.pstdev(series)
        if sd > 0 and abs(current - mean) > 3 * sd:
            warnings.append(
                _(
                    "%(e)s : %(v)s s'écarte de plus de 3 écarts-types de l'historique "
                    "(moyenne %(m)s)."
                )
                % {"e": label, "v": _fmt(current), "m": _fmt(round(mean))}
            )
    previous = past.get(codes[0])
    if previous and (current > 3 * previous or current < previous / 3):
        warnings.append(
            _("%(e)s : variation inhabituelle par rapport à la période précédente (%(p)s → %(v)s).")
            % {"e": label, "p": _fmt(previous), "v": _fmt(current)}
        )
    return warnings


def _fmt(number: float) -> str:
    """A number as French reads it: 43 600, 12,50."""
    text = f"{number:,.0f}" if number == int(number) else f"{number:,.2f}"
    return text.replace(",", "\u202f").replace(".", ",")


def _side(expression: str, totals: dict[str, float]) -> float | None:
    codes = [c.strip() for c in expression.split("+") if c.strip()]
    if any(c not in totals for c in codes):
        return None
    return sum(totals[c] for c in codes)


def rule_violations(report: Report, totals_by_id: dict | None = None) -> list[tuple[str, str]]:
    """(severity, message) for every validation rule the report's values break.
    `totals_by_id`: the sum of the report's values per data element id, when the caller has
    read them already (`review.review_report`)."""
    if totals_by_id is None:
        # grouped by element id, without joining the elements: on a million-value report the
        # join let the planners scan the whole table instead of the report's index
        totals_by_id = dict(
            DataValue.objects.filter(report=report, value__isnull=False)
            .values_list("data_element_id")
            .annotate(total=Sum("value"))
            .order_by()
        )
    codes = dict(DataElement.objects.values_list("pk", "code"))
    totals = {codes[element_id]: total for element_id, total in totals_by_id.items()}
    out = []
    for rule in ValidationRule.objects.all():
        left, right = _side(rule.left, totals), _side(rule.right, totals)
        if left is None or right is None:
            continue
        ok = {
            "<=": left <= right,
            "<": left < right,
            ">=": left >= right,
            ">": left > right,
            "==": abs(left - right) < 1e-9,
        }[rule.operator]
        if not ok:
            out.append(
                (
                    rule.severity,
                    _("Règle « %(n)s » non respectée : %(l)s %(op)s %(r)s attendu.")
                    % {
                        "n": rule.name,
                        "l": _fmt(left),
                        "op": rule.get_operator_display(),
                        "r": _fmt(right),
                    },
                )
            )
    return out
