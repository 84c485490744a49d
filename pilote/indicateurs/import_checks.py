"""The checks of a data-value import, row by row: every problem with its line and column, and
the cleaned values, each the very tuple inserted into the data value table.

A million rows repeat a few thousand codes and a few hundred distinct values: every check is
cached by the raw text of its cell, so that each row costs a handful of dictionary lookups."""

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.acteurs.models import Organisation
from pilote.comptes.scoping import readable_region_ids
from pilote.indicateurs import perms
from pilote.indicateurs.files import MAX_PROBLEMS, Problem
from pilote.indicateurs.models import Campaign, Level, ReportStatus, ValueType
from pilote.indicateurs.periods import Period, PeriodError, parse
from pilote.indicateurs.values import check_option, entry_open, parse_value
from pilote.territoires.models import Territory, is_valid_on
from pilote.territoires.services import region_of

# Looking organisations up one by one is cheaper for a small file; past this many, load them all.
SINGLE_LOOKUPS = 200
VALUE_CACHE_SIZE = 100_000


# A cleaned value is the very tuple inserted into indicateurs_datavalue, in this column order.
INSERT_FIELDS = (
    "data_element_id",
    "option",
    "territory_id",
    "organisation_id",
    "region_id",
    "period",
    "value",
    "text_value",
    "comment",
    "accepted_value",
    "report_id",
    "updated_by_id",
    "updated_at",
)
VALUE, TEXT, COMMENT, REPORT = 6, 7, 8, 10


class Checks:
    """The checks of one import. Each method answers (result, problem message or "") for a raw
    cell and caches the answer under that raw text."""

    def __init__(self, campaign: Campaign, user):
        self.campaign = campaign
        self.period = parse(campaign.period)
        self.elements = {
            e.code: e
            for e in campaign.dataset.data_elements.select_related(
                "disaggregation"
            ).prefetch_related("disaggregation__options")
        }
        self.per_organisation = campaign.dataset.level == Level.ORGANISATION
        reports = list(campaign.reports.select_related("campaign", "region", "organisation"))
        self.reports = {r.region_id: r for r in reports if r.organisation_id is None}
        self.organisation_reports = {r.organisation_id: r for r in reports if r.organisation_id}
        self._open: dict = {}
        self._may_enter: dict = {}
        self._used: set[int] = set()
        self.user = user
        self._organisations: dict[str, tuple[int, int]] = {}
        self._all_organisations = False
        self._regions: list[Territory] | None = None  # set by preload()
        self._region_ids: dict = {}
        self.element_cache: dict = {}
        self.option_cache: dict = {}
        self.period_cache: dict = {}
        self.unit_cache: dict = {}
        self.value_cache: dict = {}

    def preload(self) -> None:
        """Load now everything the checks may look up: while a COPY streams on the
        connection, no other query can run on it."""
        self._load_all_organisations()
        self._regions = list(Territory.objects.regions().order_by("level", "code"))
        for territory in self._regions:
            region = region_of(territory)
            self._region_ids[territory.pk] = region.pk if region is not None else None
        for report in [*self.reports.values(), *self.organisation_reports.values()]:
            self.may_enter(report, report.region_id)
            self.open_report(report)

    def territory(self, code: str, period: Period) -> tuple[int, int] | None:
        """(pk, today's region pk) of the region (or former region) with this code then."""
        if self._regions is not None:
            found = next(
                (t for t in self._regions if t.code == code and is_valid_on(t, period.start)),
                None,
            )
            region_id = self._region_ids.get(found.pk) if found is not None else None
            return (found.pk, region_id) if region_id is not None else None
        found = Territory.objects.regions().valid_on(period.start).filter(code=code).first()
        region = region_of(found) if found is not None else None
        return (found.pk, region.pk) if region is not None else None

    def element(self, raw: str):
        found = self.element_cache[raw] = self.elements.get(raw.strip())
        return found

    def option(self, element, raw: str) -> tuple[str, str]:
        try:
            checked = (check_option(element, raw), "")
        except ValueError as exc:
            checked = ("", str(exc))
        self.option_cache[(element.id, raw)] = checked
        return checked

    def period_of(self, raw: str) -> tuple[Period | None, str]:
        try:
            period = parse(raw.strip())
        except PeriodError as exc:
            checked = (None, str(exc))
        else:
            message = ""
            if not self.period.contains(period):
                message = _("la période %(p)s est hors de la campagne %(c)s") % {
                    "p": period.code,
                    "c": self.campaign.period,
                }
            checked = (period, message)
        self.period_cache[raw] = checked
        return checked

    def unit(self, raw: str, period: Period) -> tuple[tuple | None, str]:
        """((territory_id, organisation_id, region_id, report_id), "") for an org unit the user
        may report on in this campaign."""
        checked = self._unit(raw.strip(), period)
        self.unit_cache[(raw, period.code)] = checked
        return checked

    def _unit(self, code: str, period: Period) -> tuple[tuple | None, str]:
        organisation = self.organisation(code) if len(code) == 9 else None
        if organisation is not None:
            territory_id, (organisation_id, region_id) = None, organisation
        elif self.per_organisation:
            return None, _(
                "structure inconnue « %s » : ce jeu de données se saisit par établissement "
                "(numéro FINESS)"
            ) % code
        else:
            territory = self.territory(code, period)
            if territory is None:
                return None, _(
                    "unité inconnue « %s » (code de région valable à cette période ou FINESS "
                    "d'établissement)"
                ) % code
            (territory_id, region_id), organisation_id = territory, None
        if self.per_organisation:
            report = self.organisation_reports.get(organisation_id)
            if report is None:
                return None, _("« %s » ne déclare pas dans cette campagne") % code
        else:
            report = self.reports.get(region_id)
        if not self.may_enter(report, region_id):
            if self.per_organisation:
                return None, _("vous ne déclarez pas pour « %s »") % code
            return None, _("« %s » n'est pas dans votre région") % code
        report_id = self.open_report(report)
        if report_id is None:
            if report is None:
                return None, _("le rapport de cette unité n'est pas ouvert à la saisie")
            state = (
                report.get_status_display()
                if report.status != ReportStatus.OPEN
                else _("campagne close")
            )
            return None, _(
                "le rapport de « %(u)s » n'est pas ouvert à la saisie (%(s)s) : retirez ses "
                "lignes du fichier"
            ) % {"u": code, "s": state}
        return (territory_id, organisation_id, region_id, report_id), ""

    def organisation(self, code: str) -> tuple[int, int] | None:
        """(pk, region id) of the establishment with this FINESS number."""
        if code in self._organisations or self._all_organisations:
            return self._organisations.get(code)
        if len(self._organisations) >= SINGLE_LOOKUPS:
            self._load_all_organisations()
            return self._organisations.get(code)
        found = Organisation.objects.filter(finess_et=code).values_list("pk", "region_id").first()
        self._organisations[code] = found
        return found

    def may_enter(self, report, region_id) -> bool:
        """`perms.can_enter_report`, asked once per report. A unit without a report in this
        campaign is refused later as "not open" (only if it is in a region the user reads)."""
        if report is None:
            regions = readable_region_ids(self.user)
            return regions is None or region_id in regions
        if report.pk not in self._may_enter:
            self._may_enter[report.pk] = perms.can_enter_report(self.user, report)
        return self._may_enter[report.pk]

    def _load_all_organisations(self) -> None:
        self._organisations = {
            finess: (pk, region_id)
            for finess, pk, region_id in Organisation.objects.filter(
                finess_et__isnull=False
            ).values_list("finess_et", "pk", "region_id")
        }
        self._all_organisations = True

    def touched_reports(self, report_ids=None) -> list:
        """The reports of `report_ids` (by default those at least one filled row went to)."""
        ids = self._used if report_ids is None else report_ids
        reports = [*self.reports.values(), *self.organisation_reports.values()]
        return [r for r in reports if r.pk in ids]

    def open_report(self, report) -> int | None:
        """The id of the report if it is open to entry."""
        if report is None:
            return None
        if report.pk not in self._open:
            self._open[report.pk] = report.pk if entry_open(report) else None
        return self._open[report.pk]

    def value(self, element, raw: str) -> tuple[float | None, str, str]:
        """(number, text, problem message)."""
        try:
            checked = (*parse_value(element, raw), "")
        except ValueError as exc:
            checked = (None, "", str(exc))
        if element.value_type != ValueType.TEXT and len(self.value_cache) < VALUE_CACHE_SIZE:
            self.value_cache[(element.value_type, raw)] = checked
        return checked


def check_rows(rows, *, checks: Checks, sink) -> tuple[int, list[Problem], int]:
    """Every problem of every row (unknown code, wrong type, period outside the campaign,
    territory not allowed, duplicate): (number of clean values, problems, total problems).
    Each clean value (a tuple in INSERT_FIELDS order) goes to `sink` until the first problem.
    `rows` are the tuples of `files.READERS`; after `checks.preload()`, no query runs here."""
    problems: list[Problem] = []
    total_problems = 0
    seen: dict[tuple, int] = {}
    user_id = checks.user.pk if checks.user is not None else None
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # the caches, bound to local names: this loop runs once per row of the file
    element_cache, option_cache = checks.element_cache, checks.option_cache
    period_cache, unit_cache, value_cache = (
        checks.period_cache,
        checks.unit_cache,
        checks.value_cache,
    )
    remember, append, missing = seen.setdefault, sink, object()
    used = checks._used.add  # the reports of the filled rows
    count = 0

    for line, de, opt, ou, pe, raw, comment in rows:
        element = element_cache.get(de, missing)
        if element is missing:
            element = checks.element(de)
        if element is None:
            column, message = (
                "dataElement",
                _("donnée inconnue dans ce jeu de données « %s »") % de.strip(),
            )
        else:
            option, message = option_cache.get((element.id, opt)) or checks.option(element, opt)
            column = "option"
        if not message:
            period, message = period_cache.get(pe) or checks.period_of(pe)
            column = "period"
        if not message:
            unit, message = unit_cache.get((ou, period.code)) or checks.unit(ou, period)
            column = "orgUnit"
        if not message:
            number, text, message = value_cache.get((element.value_type, raw)) or checks.value(
                element, raw
            )
            column = "value"
        if message:
            total_problems += 1
            if len(problems) < MAX_PROBLEMS:
                problems.append(Problem(line, column, message))
            append = _ignore  # the file will be refused: stop writing, go on checking
            continue
        if comment:
            comment = comment.strip()
        if number is None and not text and not comment:
            continue  # an empty line of the template: nothing to import
        territory_id, organisation_id, region_id, report_id = unit
        used(report_id)
        first = remember((element.id, option, territory_id, organisation_id, period.code), line)
        if first != line:
            total_problems += 1
            if len(problems) < MAX_PROBLEMS:
                problems.append(Problem(line, "", _("doublon de la ligne %d") % first))
            append = _ignore
            continue
        count += 1
        append(
            (
                element.id,
                option,
                territory_id,
                organisation_id,
                region_id,
                period.code,
                number,
                text,
                comment,
                None,
                report_id,
                user_id,
                now,
            )
        )
    return count, problems, total_problems


def _ignore(_row) -> None:
    pass
