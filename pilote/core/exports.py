"""CSV and XLSX downloads of tabular data (lists, portfolios, dashboards).

Every export goes through here, and text typed by users (an organisation's or a project's
name…) is written as text, never as something a spreadsheet evaluates ("formula injection",
CSV injection): XLSX text cells are typed as strings even when they start with "="; in CSV, a
text starting with = + - @, a tab or a carriage return is prefixed with an apostrophe (OWASP's
advice). Numbers stay numbers.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What makes spreadsheet software read a CSV field as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What openpyxl would write as a formula (a leading "="), or cannot write at all (control
# characters other than tab and line breaks).
_XLSX_UNSAFE = re.compile(r"^=|" + ILLEGAL_CHARACTERS_RE.pattern)


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    return value


def _csv_cell(value):
    value = _cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _xlsx_cell(sheet, value):
    """A value for a write-only sheet: text that would not be written as text becomes a cell
    explicitly typed as a string (control characters dropped)."""
    if not isinstance(value, str) or not _XLSX_UNSAFE.search(value):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # set after the value: openpyxl types a leading "=" as a formula
    return cell


def csv_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, streamed: bool = True
) -> HttpResponse | StreamingHttpResponse:
    """A streamed `;`-separated UTF-8 CSV (with BOM, so spreadsheet software reads accents);
    `streamed=False`: built whole (a small file that can be cached)."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(headers)
        for row in rows:
            yield writer.writerow([_csv_cell(v) for v in row])

    content_type = "text/csv; charset=utf-8"
    if streamed:
        response = StreamingHttpResponse(lines(), content_type=content_type)
    else:
        response = HttpResponse("".join(lines()), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_bytes(sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return xlsx_workbook_bytes([(sheet_title, headers, rows)])


def xlsx_workbook_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """A workbook of several sheets, each (title, headers, rows)."""
    workbook = Workbook(write_only=True)
    for sheet_title, headers, rows in sheets:
        _write_sheet(workbook, sheet_title, headers, rows)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write_sheet(workbook, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence]):
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    widths = [len(h) for h in headers]
    buffered = []
    for row in rows:
        values = [_cell(v) for v in row]
        for index, value in enumerate(values):
            widths[index] = max(widths[index], min(len(str(value)), 60))
        buffered.append(values)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for values in buffered:
        sheet.append([_xlsx_cell(sheet, v) for v in values])


def xlsx_response(
    filename: str, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheet_title, headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def dated(prefix: str) -> str:
    return f"{prefix}-{datetime.date.today().isoformat()}"
