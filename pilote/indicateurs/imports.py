"""Import of data-value sets (CSV, XLSX, JSON): parse, check every line (dry run), then write
everything in one transaction or nothing."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from simple_history.utils import bulk_update_with_history

from pilote.acteurs.models import Organisation
from pilote.comptes.access import access_for
from pilote.core.bulk import insert_rows
from pilote.indicateurs.models import (
    Campaign,
    DataValue,
    ImportJob,
)
from pilote.indicateurs.periods import PeriodError, parse
from pilote.indicateurs.values import check_option, entry_open, parse_value
from pilote.territoires.models import Territory
from pilote.territoires.services import region_of

COLUMNS = {
    "dataelement": "data_element",
    "donnee": "data_element",
    "element": "data_element",
    "categoryoptioncombo": "option",
    "option": "option",
    "modalite": "option",
    "orgunit": "org_unit",
    "unite": "org_unit",
    "territoire": "org_unit",
    "period": "period",
    "periode": "period",
    "value": "value",
    "valeur": "value",
    "comment": "comment",
    "commentaire": "comment",
}
REQUIRED = ("data_element", "org_unit", "period", "value")
LABELS = {
    "data_element": "dataElement",
    "option": "option",
    "org_unit": "orgUnit",
    "period": "period",
    "value": "value",
    "comment": "comment",
}
MAX_PROBLEMS = 500


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    data_element: str
    option: str
    org_unit: str
    period: str
    value: str
    comment: str


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("ligne %d") % self.line
        if self.column:
            where += _(", colonne « %s »") % self.column
        return f"{where} : {self.message}"


class ImportRejected(Exception):
    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(_("%d problème(s) : rien n'a été importé.") % self.total)


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)


def _normalise(header: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFD", header or "").encode("ascii", "ignore").decode()
    return COLUMNS.get(text.strip().lower().replace("_", "").replace(" ", ""), "")


def _layout(header: list, first_line: int) -> list[int | None]:
    """Position of each Row field in the file's columns (None if absent)."""
    mapping = {}
    for i, h in enumerate(header):
        name = _normalise(str(h or ""))
        if name and name not in mapping:
            mapping[name] = i
    missing = [LABELS[c] for c in REQUIRED if c not in mapping]
    if missing:
        raise ImportRejected(
            [
                Problem(
                    first_line,
                    "",
                    _(
                        "colonnes manquantes : %s (en-tête attendu : "
                        "dataElement;option;orgUnit;period;value;comment)"
                    )
                    % ", ".join(missing),
                )
            ]
        )
    return [mapping.get(name) for name in LABELS]


def _rows_from_table(table: Iterator[list], first_line: int = 1) -> Iterator[Row]:
    header = next(table, None)
    if header is None:
        raise ImportRejected([Problem(1, "", _("fichier vide"))])
    layout = _layout(header, first_line)
    width = max(i for i in layout if i is not None) + 1
    for line, cells in enumerate(table, start=first_line + 1):
        if not cells or all(c in (None, "") for c in cells):
            continue
        if len(cells) < width:
            cells = list(cells) + [""] * (width - len(cells))
        values = ["" if i is None or cells[i] is None else str(cells[i]).strip() for i in layout]
        yield Row(line, *values)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _delimiter(data: bytes) -> str:
    sample = data[:2000]
    return ";" if sample.count(b";") >= sample.count(b",") else ","


def read_csv(data: bytes) -> Iterator[Row]:
    """CSV rows, on a fast path: every cell is already a string."""
    reader = csv.reader(io.StringIO(_decode(data)), delimiter=_delimiter(data))
    header = next(reader, None)
    if header is None:
        raise ImportRejected([Problem(1, "", _("fichier vide"))])
    layout = _layout(header, 1)
    blank = len(header)  # index of the "" appended to every line for absent columns
    pick = itemgetter(*[blank if i is None else i for i in layout])
    strip = str.strip
    for line, cells in enumerate(reader, start=2):
        if not cells or not any(cells):
            continue
        if len(cells) != blank:  # a short or long line: pad or cut to the header's width
            cells = (cells + [""] * blank)[:blank]
        cells.append("")
        yield Row(line, *map(strip, pick(cells)))


def csv_org_units(data: bytes) -> set[str]:
    """The orgUnit column alone: the cheap first pass over a large CSV file."""
    reader = csv.reader(io.StringIO(_decode(data)), delimiter=_delimiter(data))
    header = next(reader, None) or []
    column = _layout(header, 1)[list(LABELS).index("org_unit")]
    return {cells[column].strip() for cells in reader if len(cells) > column}


def read_xlsx(data: bytes) -> Iterator[Row]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds on a bad file
        raise ImportRejected([Problem(1, "", _("classeur XLSX illisible (%s)") % exc)]) from exc
    sheet = workbook.worksheets[0]
    yield from _rows_from_table(
        [_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)
    )


def _cell(value):
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return value


def read_json(data: bytes) -> Iterator[Row]:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected([Problem(1, "", _("JSON invalide (%s)") % exc)]) from exc
    values = payload.get("dataValues") if isinstance(payload, dict) else None
    if not isinstance(values, list):
        raise ImportRejected([Problem(1, "", _("objet « dataValues » (liste) attendu"))])
    for index, item in enumerate(values, start=1):
        if not isinstance(item, dict):
            raise ImportRejected([Problem(index, "", _("élément n° %d : objet attendu") % index)])
        yield Row(
            index,
            str(item.get("dataElement", "")),
            str(item.get("categoryOptionCombo") or item.get("option") or ""),
            str(item.get("orgUnit", "")),
            str(item.get("period", "")),
            "" if item.get("value") is None else str(item["value"]),
            str(item.get("comment") or ""),
        )


READERS = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json}


class _Resolver:
    """Turns codes into ids with a few queries, whatever the number of lines."""

    def __init__(self, campaign: Campaign, user):
        self.campaign = campaign
        self.period = parse(campaign.period)
        self.elements = {
            e.code: e
            for e in campaign.dataset.data_elements.select_related(
                "disaggregation"
            ).prefetch_related("disaggregation__options")
        }
        self.access = access_for(user)
        self.reports = {r.region_id: r for r in campaign.reports.select_related("campaign")}
        self._open: dict = {}
        self._territories: dict = {}
        self.organisations: dict[str, tuple[int, int]] = {}

    def open_report(self, region_id) -> int | None:
        """The id of the region's report if it is open to entry."""
        if region_id not in self._open:
            report = self.reports.get(region_id)
            self._open[region_id] = report.pk if report is not None and entry_open(report) else None
        return self._open[region_id]

    def load_organisations(self, codes: set[str]) -> None:
        finess = [c for c in codes if len(c) == 9]
        for i in range(0, len(finess), 5000):
            chunk = finess[i : i + 5000]
            for code, pk, region_id in Organisation.objects.filter(finess_et__in=chunk).values_list(
                "finess_et", "pk", "region_id"
            ):
                self.organisations[code] = (pk, region_id)

    def territory(self, code: str, period_start):
        key = (code, period_start)
        if key not in self._territories:
            territory = Territory.objects.regions().valid_on(period_start).filter(code=code).first()
            self._territories[key] = (territory.pk, region_of(territory).pk) if territory else None
        return self._territories[key]


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
    "accepted_at",
    "report_id",
    "updated_by_id",
    "updated_at",
)
VALUE, TEXT, COMMENT, REPORT = 6, 7, 8, 11


def check_rows(
    read, *, campaign: Campaign, user, read_org_units=None
) -> tuple[list[tuple], list[Problem], int]:
    """Every problem of every line (unknown code, wrong type, period outside the campaign,
    territory not allowed, duplicate), and the cleaned values (tuples in INSERT_FIELDS order)
    when there is none. `read()` gives a fresh iterator of rows: the file is read twice rather
    than held as objects."""
    resolver = _Resolver(campaign, user)
    resolver.load_organisations(
        read_org_units() if read_org_units else {r.org_unit for r in read()}
    )
    problems: list[Problem] = []
    total_problems = 0
    seen: dict[tuple, int] = {}
    clean: list[tuple] = []

    def problem(line, column, message):
        nonlocal total_problems
        total_problems += 1
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(line, column, message))

    user_id = user.pk if user is not None else None
    now = connection_now()
    periods: dict[str, tuple] = {}  # code -> (Period, problem message or "")
    options: dict[tuple, tuple] = {}  # (element code, option) -> (option, problem or "")
    element_ids = {code: e.pk for code, e in resolver.elements.items()}
    for row in read():
        element = resolver.elements.get(row.data_element)
        if element is None:
            problem(
                row.line,
                "dataElement",
                _("donnée inconnue dans ce jeu de données « %s »") % row.data_element,
            )
            continue
        option, message = options.get((row.data_element, row.option)) or _check_option(
            options, element, row
        )
        if message:
            problem(row.line, "option", message)
            continue
        period, message = periods.get(row.period) or _check_period(periods, resolver, row)
        if message:
            problem(row.line, "period", message)
            continue
        organisation_id = territory_id = None
        if row.org_unit in resolver.organisations:
            organisation_id, region_id = resolver.organisations[row.org_unit]
        else:
            found = resolver.territory(row.org_unit, period.start)
            if found is None:
                problem(
                    row.line,
                    "orgUnit",
                    _(
                        "unité inconnue « %s » (code de région valable à "
                        "cette période ou FINESS d'établissement)"
                    )
                    % row.org_unit,
                )
                continue
            territory_id, region_id = found
        if not (resolver.access.is_national or region_id in resolver.access.region_ids):
            problem(row.line, "orgUnit", _("« %s » n'est pas dans votre région") % row.org_unit)
            continue
        report_id = resolver.open_report(region_id)
        if report_id is None:
            problem(
                row.line, "orgUnit", _("le rapport de cette région n'est pas ouvert à la saisie")
            )
            continue
        try:
            number, text = parse_value(element, row.value)
        except ValueError as exc:
            problem(row.line, "value", str(exc))
            continue
        if number is None and not text and not row.comment:
            continue  # an empty line of the template: nothing to import
        element_id = element_ids[row.data_element]
        key = (element_id, option, territory_id, organisation_id, period.code)
        if key in seen:
            problem(row.line, "", _("doublon de la ligne %d") % seen[key])
            continue
        seen[key] = row.line
        clean.append(
            (
                element_id,
                option,
                territory_id,
                organisation_id,
                region_id,
                period.code,
                number,
                text,
                row.comment,
                None,
                None,
                report_id,
                user_id,
                now,
            )
        )
    return clean, problems, total_problems


def _check_option(cache: dict, element, row: Row) -> tuple:
    try:
        checked = (check_option(element, row.option), "")
    except ValueError as exc:
        checked = ("", str(exc))
    cache[(row.data_element, row.option)] = checked
    return checked


def _check_period(cache: dict, resolver, row: Row) -> tuple:
    try:
        period = parse(row.period)
    except PeriodError as exc:
        checked = (None, str(exc))
    else:
        inside = resolver.period.contains(period)
        checked = (
            period,
            ""
            if inside
            else _("la période %(p)s est hors de la campagne %(c)s")
            % {"p": period.code, "c": resolver.campaign.period},
        )
    cache[row.period] = checked
    return checked


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
    reader = READERS[file_format]
    clean, problems, total = check_rows(
        lambda: reader(data),
        campaign=campaign,
        user=acting_user,
        read_org_units=(lambda: csv_org_units(data)) if file_format == "csv" else None,
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


def connection_now():
    from django.db import connection

    return connection.ops.adapt_datetimefield_value(timezone.now())


def xlsx_template(campaign: Campaign, user) -> bytes:
    """A workbook to fill: one line per data element (and option) for each region the user
    may report for, with last period's accepted value beside it."""
    from pilote.core.exports import xlsx_bytes

    access = access_for(user)
    reports = campaign.reports.select_related("region").order_by("region__name")
    if not access.is_national:
        reports = reports.filter(region_id__in=access.region_ids)
    previous = parse(campaign.period).previous().code
    last = {
        (e, o, r): v
        for e, o, r, v in DataValue.objects.filter(
            period=previous, organisation=None, accepted_value__isnull=False
        ).values_list("data_element_id", "option", "region_id", "accepted_value")
    }
    rows = []
    elements = campaign.dataset.data_elements.select_related("disaggregation").order_by("code")
    for report in reports:
        for element in elements:
            options = (
                [o.code for o in element.disaggregation.options.all()]
                if element.disaggregation_id
                else [""]
            )
            for option in options:
                rows.append(
                    [
                        element.code,
                        option,
                        report.region.code,
                        campaign.period,
                        None,
                        "",
                        element.name,
                        last.get((element.pk, option, report.region_id)),
                    ]
                )
    headers = [
        "dataElement",
        "option",
        "orgUnit",
        "period",
        "value",
        "comment",
        _("libellé (information)"),
        _("valeur acceptée %s (information)") % previous,
    ]
    return xlsx_bytes(campaign.period, headers, rows)
