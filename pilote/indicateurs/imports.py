"""Import of data-value sets: check every row (the dry run lists every problem by line and
column), then write everything in one transaction, or nothing. Reading the files (CSV, XLSX,
JSON) and the XLSX template are in `files.py`.

A million rows repeat a few thousand codes and a few hundred distinct values: every check is
cached by the raw text of its cell, so that each row costs a handful of dictionary lookups."""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from pilote.acteurs.models import Organisation
from pilote.comptes.access import access_for
from pilote.core.bulk import insert_rows
from pilote.indicateurs import perms
from pilote.indicateurs.files import (  # re-exported: the import API of this app
    MAX_PROBLEMS,
    READERS,
    ImportRejected,
    Problem,
    xlsx_template,
)
from pilote.indicateurs.models import Campaign, DataValue, ImportJob, Level, ValueType
from pilote.indicateurs.periods import Period, PeriodError, parse
from pilote.indicateurs.values import check_option, entry_open, parse_value
from pilote.territoires.models import Territory
from pilote.territoires.services import region_of

__all__ = ["ImportRejected", "ImportResult", "Problem", "check_rows", "import_values"]
__all__ += ["xlsx_template"]

# Looking organisations up one by one is cheaper for a small file; past this many, load them all.
SINGLE_LOOKUPS = 200
VALUE_CACHE_SIZE = 100_000


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)


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


class _Checks:
    """The checks of one import. Each method answers (result, problem message or "") for a raw
    cell and caches the answer under that raw text."""

    def __init__(self, campaign: Campaign, user):
        self.campaign = campaign
        self.period = parse(campaign.period)
        self.access = access_for(user)
        self.elements = {
            e.code: e
            for e in campaign.dataset.data_elements.select_related(
                "disaggregation"
            ).prefetch_related("disaggregation__options")
        }
        self.per_organisation = campaign.dataset.level == Level.ORGANISATION
        reports = list(campaign.reports.select_related("campaign"))
        self.reports = {r.region_id: r for r in reports if r.organisation_id is None}
        self.organisation_reports = {r.organisation_id: r for r in reports if r.organisation_id}
        self._open: dict = {}
        self._may_enter: dict = {}
        self.user = user
        self._organisations: dict[str, tuple[int, int]] = {}
        self._all_organisations = False
        self.element_cache: dict = {}
        self.option_cache: dict = {}
        self.period_cache: dict = {}
        self.unit_cache: dict = {}
        self.value_cache: dict = {}

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
            territory = Territory.objects.regions().valid_on(period.start).filter(code=code).first()
            if territory is None:
                return None, _(
                    "unité inconnue « %s » (code de région valable à cette période ou FINESS "
                    "d'établissement)"
                ) % code
            territory_id, organisation_id, region_id = territory.pk, None, region_of(territory).pk
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
            return None, _("le rapport de cette unité n'est pas ouvert à la saisie")
        return (territory_id, organisation_id, region_id, report_id), ""

    def organisation(self, code: str) -> tuple[int, int] | None:
        """(pk, region id) of the establishment with this FINESS number."""
        if code in self._organisations or self._all_organisations:
            return self._organisations.get(code)
        if len(self._organisations) >= SINGLE_LOOKUPS:
            self._organisations = {
                finess: (pk, region_id)
                for finess, pk, region_id in Organisation.objects.filter(
                    finess_et__isnull=False
                ).values_list("finess_et", "pk", "region_id")
            }
            self._all_organisations = True
            return self._organisations.get(code)
        found = Organisation.objects.filter(finess_et=code).values_list("pk", "region_id").first()
        self._organisations[code] = found
        return found

    def may_enter(self, report, region_id) -> bool:
        if self.access.is_national:
            return True
        if report is None:
            return region_id in self.access.region_ids
        if report.pk not in self._may_enter:
            self._may_enter[report.pk] = perms.can_enter(self.user, report)
        return self._may_enter[report.pk]

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


def check_rows(rows, *, campaign: Campaign, user) -> tuple[list[tuple], list[Problem], int]:
    """Every problem of every row (unknown code, wrong type, period outside the campaign,
    territory not allowed, duplicate), and the cleaned values (tuples in INSERT_FIELDS order)
    when there is none. `rows` are the tuples of `files.READERS`."""
    checks = _Checks(campaign, user)
    problems: list[Problem] = []
    total_problems = 0
    seen: dict[tuple, int] = {}
    clean: list[tuple] = []
    user_id = user.pk if user is not None else None
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # the caches, bound to local names: this loop runs once per row of the file
    element_cache, option_cache = checks.element_cache, checks.option_cache
    period_cache, unit_cache, value_cache = (
        checks.period_cache,
        checks.unit_cache,
        checks.value_cache,
    )
    remember, append, missing = seen.setdefault, clean.append, object()

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
            continue
        if comment:
            comment = comment.strip()
        if number is None and not text and not comment:
            continue  # an empty line of the template: nothing to import
        territory_id, organisation_id, region_id, report_id = unit
        first = remember((element.id, option, territory_id, organisation_id, period.code), line)
        if first != line:
            total_problems += 1
            if len(problems) < MAX_PROBLEMS:
                problems.append(Problem(line, "", _("doublon de la ligne %d") % first))
            continue
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
    return clean, problems, total_problems


def import_values(
    *,
    acting_user,
    campaign: Campaign,
    data: bytes,
    file_format: str,
    filename: str = "",
    dry_run: bool = False,
    progress=None,
) -> ImportResult:
    """Check then write a data-value set. Any problem: ImportRejected, nothing written."""
    if file_format not in READERS:
        raise ImportRejected(
            [Problem(1, "", _("format inconnu « %s » (csv, xlsx ou json)") % file_format)]
        )
    clean, problems, total = check_rows(
        READERS[file_format](data), campaign=campaign, user=acting_user
    )
    if problems:
        raise ImportRejected(problems, total)
    result = ImportResult(rows=len(clean), dry_run=dry_run)
    if dry_run:
        return result
    with transaction.atomic():
        _write(clean, acting_user, result, progress)
        ImportJob.objects.create(
            campaign=campaign,
            user=acting_user,
            filename=filename[:255],
            file_format=file_format,
            rows=result.rows,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    return result


def _write(clean: list[tuple], user, result: ImportResult, progress) -> None:
    periods = {c[5] for c in clean}
    regions = {c[4] for c in clean}
    existing = {}
    present = DataValue.objects.filter(period__in=periods, region_id__in=regions)
    if present.exists():
        for pk, *key, value, text, comment in present.values_list(
            "pk",
            "data_element_id",
            "option",
            "territory_id",
            "organisation_id",
            "period",
            "value",
            "text_value",
            "comment",
        ).iterator(chunk_size=20000):
            existing[tuple(key)] = (pk, value, text, comment)
    if existing:
        to_create, to_update = [], []
        for c in clean:
            old = existing.get(c[:4] + (c[5],))
            if old is None:
                to_create.append(c)
            elif old[1:] != (c[VALUE], c[TEXT], c[COMMENT]):
                to_update.append((old[0], c))
            else:
                result.unchanged += 1
    else:
        to_create, to_update = clean, []
    fields = [f for f in DataValue._meta.concrete_fields if not f.primary_key]
    assert tuple(f.attname for f in fields) == INSERT_FIELDS, "DataValue columns changed"
    columns = [f.column for f in fields]
    for start in range(0, len(to_create), 50000):
        batch = to_create[start : start + 50000]
        insert_rows(DataValue._meta.db_table, columns, batch)
        if progress:
            progress(start + len(batch), len(clean))
    result.created = len(to_create)
    if to_update:
        objects = DataValue.objects.in_bulk([pk for pk, _c in to_update])
        changed = []
        for pk, c in to_update:
            obj = objects[pk]
            obj.value, obj.text_value, obj.comment = c[VALUE], c[TEXT], c[COMMENT]
            obj.report_id, obj.updated_by = c[REPORT], user
            changed.append(obj)
        bulk_update_with_history(
            changed,
            DataValue,
            ["value", "text_value", "comment", "report", "updated_by"],
            batch_size=2000,
            default_user=user,
            default_change_reason=_("Import"),
        )
        result.updated = len(changed)
