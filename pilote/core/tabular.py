"""Uploaded tables (CSV or XLSX) read as rows of text, for every import that is not the
million-line indicator import: the encoding of a CSV found (UTF-8, UTF-16 with its byte order
mark, Windows-1252), its delimiter guessed, an XLSX read by `core.xlsx` with its limits. Any
file that cannot be read is refused with a French message saying where (`FileRefused`)."""

import codecs
import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from pilote.core.xlsx import XlsxRefused, cell_text, sheet_rows

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class FileRefused(ValueError):
    """A file that cannot be read; `line` (1 for the whole file) and `column` say where."""

    def __init__(self, message: str, line: int = 1, column: str = ""):
        super().__init__(message)
        self.line = line
        self.column = column


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 or UTF-16 with a byte order mark, else UTF-8, else
    Windows-1252; FileRefused (with the line of the first unreadable byte) otherwise."""
    encoding = next((e for bom, e in BOMS if data.startswith(bom)), None)
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding is not None:
            raise _unreadable(data, exc, _("le fichier n'est pas en UTF-16 valide")) from exc
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise _unreadable(
                data, exc, _("le fichier n'est ni en UTF-8 ni en Windows-1252")
            ) from exc
    if "\x00" in text:  # UTF-16 without its byte order mark reads as NUL-laden text
        raise FileRefused(
            _(
                "caractère nul : enregistrez le fichier en CSV UTF-8 (un fichier UTF-16 doit "
                "commencer par son indicateur d'ordre des octets)"
            ),
            line=text.count("\n", 0, text.index("\x00")) + 1,
        )
    return text


def _unreadable(data: bytes, error: UnicodeDecodeError, reason: str) -> FileRefused:
    return FileRefused(
        _("octet 0x%(b)02X illisible (octet n° %(p)d) : %(r)s ; enregistrez-le en CSV UTF-8")
        % {"b": data[error.start], "p": error.start + 1, "r": reason},
        line=data.count(b"\n", 0, error.start) + 1,
    )


def delimiter(text: str) -> str:
    sample = text[:2000]
    return ";" if sample.count(";") >= sample.count(",") else ","


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_table(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells as text) of every non-empty line, the header first, from a CSV or an
    XLSX file (told apart by their content, not their name)."""
    if not data.strip():
        raise FileRefused(_("fichier vide"))
    if is_xlsx(data):
        try:
            for line, values in sheet_rows(data):
                yield line, [cell_text(v).strip() for v in values]
        except XlsxRefused as exc:
            raise FileRefused(str(exc), exc.line, exc.column) from exc
        return
    text = decode_csv(data)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter(text))
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield reader.line_num, [c.strip() for c in cells]
    except csv.Error as exc:
        raise FileRefused(
            _("ligne CSV illisible (champ trop long ou mal délimité)"), line=reader.line_num
        ) from exc
