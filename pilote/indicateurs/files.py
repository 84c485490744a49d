"""The file formats of data-value sets: reading CSV, XLSX and JSON into rows, writing the XLSX
template of a campaign. Checking the rows and writing them is `imports.py`."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from pilote.indicateurs import perms
from pilote.indicateurs.models import Campaign, DataValue, Report
from pilote.indicateurs.periods import parse

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
            where += _(", colonne « %s »") % self.column
        return f"{where} : {self.message}"


class ImportRejected(Exception):
    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(_("%d problème(s) : rien n'a été importé.") % self.total)


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


def _rows_from_table(table: Iterator[list], first_line: int = 1) -> Iterator[tuple]:
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
        yield (line, *("" if i is None or cells[i] is None else str(cells[i]) for i in layout))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _delimiter(data: bytes) -> str:
    sample = data[:2000]
    return ";" if sample.count(b";") >= sample.count(b",") else ","


def read_csv(data: bytes) -> Iterator[tuple]:
    """CSV rows, on a fast path: every cell is already a string, picked by one itemgetter."""
    reader = csv.reader(io.StringIO(_decode(data)), delimiter=_delimiter(data))
    header = next(reader, None)
    if header is None:
        raise ImportRejected([Problem(1, "", _("fichier vide"))])
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


def read_json(data: bytes) -> Iterator[tuple]:
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
        yield (
            index,
            str(item.get("dataElement", "")),
            str(item.get("categoryOptionCombo") or item.get("option") or ""),
            str(item.get("orgUnit", "")),
            str(item.get("period", "")),
            "" if item.get("value") is None else str(item["value"]),
            str(item.get("comment") or ""),
        )


READERS = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json}


def xlsx_template(campaign: Campaign, user) -> bytes:
    """A workbook to fill: one line per data element (and option) for each region (or
    establishment, by FINESS number) the user may report for, with last period's accepted
    value beside it."""
    from pilote.core.exports import xlsx_bytes

    reports = [
        r
        for r in Report.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("region", "organisation")
        .order_by("region__name", "organisation__name")
        if perms.can_enter_report(user, r)
    ]
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
            for e, o, org, v in published.filter(organisation__in=organisations).values_list(
                "data_element_id", "option", "organisation_id", "published"
            )
        )
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
                        report.organisation.finess_et
                        if report.organisation_id
                        else report.region.code,
                        campaign.period,
                        None,
                        "",
                        element.name,
                        last.get((element.pk, option, _unit_key(report))),
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


def _unit_key(report: Report):
    return ("structure", report.organisation_id) if report.organisation_id else report.region_id
