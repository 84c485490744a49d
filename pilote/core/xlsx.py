"""Reading XLSX workbooks sent by users, safely: every reader of an uploaded workbook goes
through `sheet_rows`.

An XLSX file is a ZIP archive of XML parts, and neither part is to be trusted:

- the archive may inflate to gigabytes (a "zip bomb"): the sizes its entries declare are summed
  before anything is opened (`zipfile` stops reading an entry at its declared size);
- the sheet may declare any dimension (`<dimension ref="A1:XFD20000"/>`), which openpyxl's
  read-only mode trusts and pads every row to (16,384 empty cells per row, tens of seconds of CPU
  for a 2 KB file). Rows are read here by the cells actually present in the XML, without padding,
  and a value past `MAX_ROWS` rows or `MAX_COLUMNS` columns is refused;
- the XML may be malformed anywhere, which openpyxl reports lazily while rows are read, with
  various exception types: every failure becomes an `XlsxRefused` with a French message.
"""

import datetime
import io
import warnings
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

# openpyxl's row parser, used without the read-only worksheet that pads rows to the declared
# dimension (openpyxl is pinned in constraints.txt; tests/indicateurs/test_hostile_files.py
# would catch a change of this internal API).
from openpyxl.worksheet._reader import WorkSheetParser

MEGABYTE = 1024 * 1024
# A full Excel sheet (1,048,576 rows) of the six import columns is about 25 MB zipped and
# 380 MB of XML; both limits leave room for that and refuse anything larger.
MAX_FILE_BYTES = 50 * MEGABYTE
MAX_UNCOMPRESSED_BYTES = 400 * MEGABYTE
MAX_ROWS = 1_048_576  # Excel's own limit
# The import layout has six columns, the campaign template eleven; a few notes beside them fit.
MAX_COLUMNS = 50


class XlsxRefused(ValueError):
    """The workbook cannot be read safely. The message is French; `line` (a sheet row, 1 for
    the whole file) and `column` (a column letter, or "") say where."""

    def __init__(self, message: str, line: int = 1, column: str = ""):
        super().__init__(message)
        self.line = line
        self.column = column


def sheet_rows(data: bytes) -> Iterator[tuple[int, list]]:
    """(row number, values from column A to the last non-empty cell) for each row of the first
    sheet holding at least one value, in file order. Values are as openpyxl reads them (str,
    int, float — possibly infinite or NaN —, bool, datetime), cached values for formulas."""
    _check_archive(data)
    try:
        with warnings.catch_warnings():  # openpyxl warns about styles it does not know
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds on a bad file
        raise XlsxRefused(_("classeur XLSX illisible (structure du classeur invalide)")) from exc
    try:
        if not workbook.worksheets:
            raise XlsxRefused(_("le classeur ne contient aucune feuille"))
        yield from _rows(workbook, workbook.worksheets[0])
    finally:
        workbook.close()


def _check_archive(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise XlsxRefused(
            _("le fichier dépasse la taille maximale d'un classeur (%d Mo)")
            % (MAX_FILE_BYTES // MEGABYTE)
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise XlsxRefused(_("ce fichier n'est pas un classeur XLSX (archive illisible)")) from exc
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise XlsxRefused(
            _(
                "le classeur décompressé occuperait %(size)d Mo, au-delà de la limite de "
                "%(max)d Mo (classeur trop volumineux ou archive piégée)"
            )
            % {"size": declared // MEGABYTE, "max": MAX_UNCOMPRESSED_BYTES // MEGABYTE}
        )


def _rows(workbook, sheet) -> Iterator[tuple[int, list]]:
    parser = WorkSheetParser(
        sheet._get_source(),
        sheet._shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    rows = parser.parse()
    count = last = 0
    try:
        while True:
            try:
                index, cells = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 — XML, shared string or number errors
                raise _unreadable(parser.row_counter, last) from exc
            last = index
            values = _values(index, cells)
            if not values:
                continue
            count += 1
            if index > MAX_ROWS or count > MAX_ROWS:
                raise XlsxRefused(
                    _("le classeur dépasse %d lignes") % MAX_ROWS, line=max(index, count)
                )
            yield index, values
    finally:
        parser.source.close()


def _unreadable(row: int, last: int) -> XlsxRefused:
    """The refusal of a sheet whose XML fails while row `row` is read (the last row read
    whole was `last`): inside that row, or after the last one."""
    if row > last:
        return XlsxRefused(
            _("classeur XLSX illisible : contenu invalide à la ligne %d") % row, line=row
        )
    return XlsxRefused(
        _("classeur XLSX illisible : contenu invalide après la ligne %d") % last,
        line=max(last, 1),
    )


def _values(index: int, cells: list[dict]) -> list:
    """The row's values by column (None where no cell), up to its last non-empty cell."""
    present = {c["column"]: c["value"] for c in cells if c["value"] not in (None, "")}
    if not present:
        return []
    last = max(present)
    if last > MAX_COLUMNS:
        raise XlsxRefused(
            _("valeur au-delà de la colonne %(c)s : un classeur a %(n)d colonnes au plus")
            % {"c": get_column_letter(MAX_COLUMNS), "n": MAX_COLUMNS},
            line=index,
            column=get_column_letter(last),
        )
    return [present.get(column) for column in range(1, last + 1)]


def cell_text(value) -> str:
    """A cell's value as the text a user would read: whole numbers without ".0", infinite or
    undefined numbers (which a file may hold) as "inf" and "nan" rather than an error, a date
    (a cell a spreadsheet turned into one when a date was typed in it) as 2018-03-02, without
    the midnight openpyxl gives it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
