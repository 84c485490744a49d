"""What a validator reviews before validating or accepting a report: its completeness by data
element, its unusual changes against the reporter's own accepted history and the validation
rules it breaks (the same checks as on entry, `values.unusual_changes` and
`values.rule_violations`). A bounded number of queries, whatever the report's size."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pilote.indicateurs.models import DataElement, DataValue, Report
from pilote.indicateurs.values import history_codes, rule_violations, unusual_changes
from pilote.territoires.services import region_of


@dataclass(frozen=True)
class ElementCompleteness:
    element: DataElement
    filled: int
    expected: int

    @property
    def is_complete(self) -> bool:
        return self.filled >= self.expected


@dataclass(frozen=True)
class UnusualValue:
    value: DataValue
    messages: list[str]

    @property
    def is_commented(self) -> bool:
        return bool(self.value.comment.strip())


@dataclass
class Review:
    elements: list[ElementCompleteness] = field(default_factory=list)
    unusual: list[UnusualValue] = field(default_factory=list)
    violations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return sum(e.filled for e in self.elements)

    @property
    def expected(self) -> int:
        return sum(e.expected for e in self.elements)

    @property
    def is_complete(self) -> bool:
        return self.filled >= self.expected

    @property
    def uncommented(self) -> list[UnusualValue]:
        return [u for u in self.unusual if not u.is_commented]

    @property
    def needs_confirmation(self) -> bool:
        """Incomplete, or carrying a warning: validating or accepting it takes a reason."""
        return not self.is_complete or bool(self.unusual) or bool(self.violations)

    def problems(self) -> str:
        """What a confirmation overrides, in one French sentence ("" when nothing)."""
        parts = []
        if not self.is_complete:
            parts.append(
                ngettext(
                    "incomplet (%(f)d valeur sur %(e)d attendues)",
                    "incomplet (%(f)d valeurs sur %(e)d attendues)",
                    self.filled,
                )
                % {"f": self.filled, "e": self.expected}
            )
        if self.unusual:
            n = len(self.unusual)
            parts.append(
                ngettext("%d variation inhabituelle", "%d variations inhabituelles", n) % n
            )
        if self.violations:
            n = len(self.violations)
            parts.append(
                ngettext(
                    "%d règle de validation non respectée",
                    "%d règles de validation non respectées",
                    n,
                )
                % n
            )
        return ", ".join(parts)

    def details(self) -> list[str]:
        """Every warning, spelled out (what the report's history records on confirmation)."""
        return [m for u in self.unusual for m in u.messages] + [m for _s, m in self.violations]


def history_scope(report: Report) -> dict:
    """The org unit whose accepted history a report is compared with: an establishment's or a
    former region's own values, or today's region over what it absorbed (Bourgogne +
    Franche-Comté for BFC before 2016)."""
    if report.organisation_id or report.region.valid_to:
        return report.org_unit()
    return {"organisation": None}


def review_report(report: Report) -> Review:
    """One scan of the report's values gives its completeness, its rules' totals and whether
    it holds values of its own org unit (an establishments' report read by the region: none);
    only then are those values compared with their history. Submitting, validating and
    accepting each review the report: on a million-value campaign, one scan instead of three."""
    filled, totals, own = set(), {}, 0
    slots = (
        DataValue.objects.filter(report=report)
        .values_list("data_element_id", "option")
        .annotate(
            total=Sum("value"),
            filled=Count("pk", filter=Q(value__isnull=False) | ~Q(text_value="")),
            own=Count("pk", filter=Q(value__isnull=False, **report.org_unit())),
        )
        .order_by()
    )
    for element_id, option, total, filled_count, own_count in slots:
        if filled_count:
            filled.add((element_id, option))
        if total is not None:
            totals[element_id] = totals.get(element_id, 0) + total
        own += own_count
    return Review(
        elements=_completeness(report, filled),
        unusual=_unusual_values(report) if own else [],
        violations=rule_violations(report, totals_by_id=totals),
    )


def _completeness(report: Report, filled: set[tuple[int, str]]) -> list[ElementCompleteness]:
    """Slots filled (a number or a text, in any of the campaign's periods) over the slots
    expected (one per data element, or one per option of its disaggregation)."""
    elements = (
        report.campaign.dataset.data_elements.select_related("disaggregation")
        .prefetch_related("disaggregation__options")
        .order_by("code")
    )
    out = []
    for element in elements:
        options = (
            [o.code for o in element.disaggregation.options.all()]
            if element.disaggregation_id
            else [""]
        )
        count = sum((element.pk, code) in filled for code in options)
        out.append(ElementCompleteness(element, count, len(options)))
    return out


def _unusual_values(report: Report) -> list[UnusualValue]:
    """The report's own values (its region's or its establishment's) checked against the same
    org unit's accepted history, as on entry: two queries for the whole report."""
    own = list(
        DataValue.objects.filter(report=report, value__isnull=False, **report.org_unit())
        .select_related("data_element")
        .order_by("data_element__code", "option", "period")
    )
    if not own:
        return []
    codes = {period: history_codes(period) for period in {v.period for v in own}}
    past = {
        (element_id, option, period): total
        for element_id, option, period, total in DataValue.objects.in_region(
            region_of(report.region)
        )
        .filter(
            period__in={c for cs in codes.values() for c in cs},
            data_element_id__in={v.data_element_id for v in own},
            **history_scope(report),
        )
        .published()
        .values("data_element_id", "option", "period")
        .annotate(total=Sum("published"))
        .order_by()
        .values_list("data_element_id", "option", "period", "total")
    }
    out = []
    for value in own:
        history = {
            code: past[(value.data_element_id, value.option, code)]
            for code in codes[value.period]
            if (value.data_element_id, value.option, code) in past
        }
        element = value.data_element
        messages = unusual_changes(
            element.short_name or element.name, value.value, codes[value.period], history
        )
        if messages:
            out.append(UnusualValue(value, messages))
    return out


def require_comments(review: Review) -> None:
    """Submitting: every unusual change carries the reporter's explanation."""
    missing = review.uncommented
    if missing:
        raise ValidationError(
            [
                _(
                    "Expliquez chaque variation inhabituelle dans le commentaire de la valeur "
                    "avant de soumettre :"
                )
            ]
            + [m for u in missing for m in u.messages]
        )


def require_confirmation(review: Review, reason: str, verb: str) -> None:
    """Validating or accepting an incomplete report, or one with warnings, takes a reason.
    `verb`: what the user does, in French ("validez", "acceptez")."""
    if review.needs_confirmation and not reason.strip():
        raise ValidationError(
            _(
                "Rapport à confirmer — %(problems)s. Indiquez pourquoi vous le %(verb)s quand "
                "même (motif de confirmation)."
            )
            % {"problems": review.problems(), "verb": verb}
        )
