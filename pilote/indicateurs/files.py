"""The file formats of data-value sets: reading CSV, XLSX and JSON into rows, writing the XLSX
template of a campaign. Checking the rows and writing them is `imports.py`."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pilote.core import strict_json
from pilote.core.bulk import among
from pilote.core.tabular import FileRefused, decode_csv, delimiter
from pilote.core.xlsx import XlsxRefused, cell_text, sheet_rows
from pilote.indicateurs.models import Campaign, DataValue, Report
from pilote.indicateurs.periods import parse
from pilote.indicateurs.values import as_typed, reports_to_enter

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


# A row read from a file is a plain tuple (faster than an object over a million lines):
# (line, dataElement, option, orgUnit, period, value, comment), cells as read (not stripped:
# the checks strip a code the first time they meet it and cache the answer).
@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("ligne %d") % self.line
        if self.column:
            where += _(", colonne « %s »") % column_label(self.column)
        return f"{where} : {self.message}"


# The columns as the XLSX template heads them, in French; a file may head them in DHIS2's
# names (dataElement, orgUnit…) as well, so a problem names both.
FRENCH_HEADERS = {
    "dataElement": _lazy("donnée"),
    "option": _lazy("modalité"),
    "orgUnit": _lazy("unité"),
    "period": _lazy("période"),
    "value": _lazy("valeur"),
    "comment": _lazy("commentaire"),
}


def column_label(column: str) -> str:
    """`value` → `valeur (value)`; a column of no known name is shown as it is."""
    french = FRENCH_HEADERS.get(column)
    return f"{french} ({column})" if french is not None else column


class ImportRejected(Exception):
    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(_("%d problème(s) : rien n'a été importé.") % self.total)


def refused(message: str, line: int = 1, column: str = "") -> ImportRejected:
    """A refusal of the whole file for one problem."""
    return ImportRejected([Problem(line, column, message)])


def _normalise(header: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFD", header or "").encode("ascii", "ignore").decode()
    return COLUMNS.get(text.strip().lower().replace("_", "").replace(" ", ""), "")


def _layout(header: list, first_line: int) -> list[int | None]:
    """Position of each row field in the file's columns (None if absent)."""
    mapping = {}
    for i, h in enumerate(header):
        name = _normalise(str(h or ""))
        if name and name not in mapping:
            mapping[name] = i
    missing = [column_label(LABELS[c]) for c in REQUIRED if c not in mapping]
    if missing:
        raise ImportRejected(
            [
                Problem(
                    first_line,
                    "",
                    _(
                        "colonnes manquantes : %s (en-tête attendu : "
                        "donnée;modalité;unité;période;valeur;commentaire, ou ceux de DHIS2 : "
                        "dataElement;option;orgUnit;period;value;comment)"
                    )
                    % ", ".join(missing),
                )
            ]
        )
    return [mapping.get(name) for name in LABELS]


def _rows_from_table(table: Iterator[tuple[int, list]]) -> Iterator[tuple]:
    """Rows from (line, cells) pairs whose first is the header."""
    first = next(table, None)
    if first is None:
        raise refused(_("fichier vide"))
    first_line, header = first
    layout = _layout(header, first_line)
    width = max(i for i in layout if i is not None) + 1
    for line, cells in table:
        if not cells or all(c in (None, "") for c in cells):
            continue
        if len(cells) < width:
            cells = list(cells) + [""] * (width - len(cells))
        yield (line, *("" if i is None or cells[i] is None else str(cells[i]) for i in layout))


# Byte order marks of the Unicode encodings a spreadsheet may save a CSV in.
def _decode(data: bytes) -> str:
    """The text of a CSV file (`core.tabular.decode_csv`), refusals as import problems."""
    try:
        return decode_csv(data)
    except FileRefused as exc:
        raise refused(str(exc), line=exc.line) from exc


def read_csv(data: bytes) -> Iterator[tuple]:
    """CSV rows, on a fast path: every cell is already a string, picked by one itemgetter."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter(text))
    try:
        yield from _csv_rows(reader)
    except csv.Error as exc:  # a field past csv.field_size_limit(), a stray quote…
        message = _("ligne CSV illisible (champ trop long ou mal délimité)")
        raise refused(message, line=reader.line_num) from exc


def _csv_rows(reader) -> Iterator[tuple]:
    header = next(reader, None)
    if header is None:
        raise refused(_("fichier vide"))
    layout = _layout(header, 1)
    width = len(header)  # index of the "" appended to every line for absent columns
    pick = itemgetter(*[width if i is None else i for i in layout])
    for line, cells in enumerate(reader, start=2):
        if len(cells) != width:  # a short or long line: pad or cut to the header's width
            cells = (cells + [""] * width)[:width]
        if not any(cells):
            continue
        cells.append("")
        yield (line, *pick(cells))


def read_xlsx(data: bytes) -> Iterator[tuple]:
    """Rows of the first sheet, read by `pilote.core.xlsx` (limits, hostile files)."""
    table = ((line, [cell_text(v) for v in values]) for line, values in sheet_rows(data))
    try:
        yield from _rows_from_table(table)
    except XlsxRefused as exc:
        raise refused(str(exc), exc.line, exc.column) from exc


def read_json(data: bytes) -> Iterator[tuple]:
    try:
        payload = strict_json.loads(data)
    except strict_json.JsonRefused as exc:
        raise refused(str(exc), exc.line) from exc
    values = payload.get("dataValues") if isinstance(payload, dict) else None
    if not isinstance(values, list):
        raise refused(_("objet « dataValues » (liste) attendu"))
    for index, item in enumerate(values, start=1):
        if not isinstance(item, dict):
            raise refused(_("élément n° %d : objet attendu") % index, index)
        yield (
            index,
            *(_json_field(index, item, name, keys) for name, keys in JSON_FIELDS),
        )


# Each row field and the keys it is read from in a DHIS2 data value, first present wins.
JSON_FIELDS = (
    ("dataElement", ("dataElement",)),
    ("option", ("categoryOptionCombo", "option")),
    ("orgUnit", ("orgUnit",)),
    ("period", ("period",)),
    ("value", ("value",)),
    ("comment", ("comment",)),
)


def _json_field(index: int, item: dict, name: str, keys: tuple[str, ...]) -> str:
    value = next((item[k] for k in keys if item.get(k) not in (None, "")), None)
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise refused(_("élément n° %d : nombre ou texte attendu") % index, index, name)
    return str(value)


READERS = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json}


def xlsx_template(campaign: Campaign, user) -> bytes:
    """A workbook to fill: one line per data element (and option) for each region (or
    establishment, by FINESS number) whose report the user may enter now (open to entry: not
    a submitted one, whose lines the import would refuse). The « valeur » and « commentaire »
    columns are left empty: the value and comment already entered for the period, and last
    period's accepted value, stand beside them as information. An empty cell keeps what is
    stored, so a template sent back as it is changes nothing, and a line the user did not fill
    never brings back, over a correction made since the download, the value it was made from."""
    from pilote.core.exports import xlsx_bytes

    reports = list(reports_to_enter(user, campaign))
    previous = parse(campaign.period).previous().code
    published = DataValue.objects.filter(period=previous).published()
    last = {
        (e, o, r): v
        for e, o, r, v in published.filter(organisation=None).values_list(
            "data_element_id", "option", "region_id", "published"
        )
    }
    organisations = [r.organisation_id for r in reports if r.organisation_id]
    if organisations:
        last.update(
            ((e, o, ("structure", org)), v)
            for e, o, org, v in published.filter(
                organisation_id__in=among(organisations)
            ).values_list("data_element_id", "option", "organisation_id", "published")
        )
    entered = {
        (e, o, report_id): (text if value is None else value, comment)
        for e, o, report_id, value, text, comment in DataValue.objects.filter(
            report_id__in=among([r.pk for r in reports])
        ).values_list("data_element_id", "option", "report_id", "value", "text_value", "comment")
    }
    rows = []
    elements = list(
        campaign.dataset.data_elements.select_related("disaggregation")
        .prefetch_related("disaggregation__options")
        .order_by("code")
    )
    for report in reports:
        for element in elements:
            options = (
                [(o.code, o.name) for o in element.disaggregation.options.all()]
                if element.disaggregation_id
                else [("", "")]
            )
            for option, option_name in options:
                value, comment = entered.get((element.pk, option, report.pk), (None, ""))
                rows.append(
                    [
                        element.code,
                        option,
                        report.organisation.finess_et
                        if report.organisation_id
                        else report.region.code,
                        campaign.period,
                        None,  # to fill: an empty cell keeps what is stored
                        "",
                        f"{element.name} — {option_name}" if option_name else element.name,
                        report.reporter_name,
                        as_typed(element, value),
                        comment,
                        as_typed(element, last.get((element.pk, option, _unit_key(report)))),
                    ]
                )
    headers = [
        *(str(label) for label in FRENCH_HEADERS.values()),
        _("libellé (information)"),
        _("région ou établissement (information)"),
        _("valeur déjà saisie (information)"),
        _("commentaire déjà saisi (information)"),
        _("valeur acceptée %s (information)") % previous,
    ]
    return xlsx_bytes(campaign.period, headers, rows)


def _unit_key(report: Report):
    return ("structure", report.organisation_id) if report.organisation_id else report.region_id
