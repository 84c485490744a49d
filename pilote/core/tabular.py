"""Uploaded tables (CSV or XLSX) read as rows of text, for every import that is not the
million-line indicator import: the encoding of a CSV found (UTF-8, UTF-16 with its byte order
mark, Windows-1252), its delimiter guessed, an XLSX read by `core.xlsx` with its limits. Any
file that cannot be read is refused with a French message saying where (`FileRefused`)."""

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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


@dataclass(frozen=True)
class Problem:
    """One problem of an imported file, named by its line and column."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("ligne %d") % self.line
        if self.column:
            where += _(", colonne « %s »") % self.column
        return f"{where} : {self.message}"


class Rejected(Exception):
    """An import refused, with its problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


def header_key(header: str) -> str:
    """A column's name as files write it, compared without accents, case, spaces or `_`."""
    text = unicodedata.normalize("NFD", header).encode("ascii", "ignore").decode()
    return text.strip().lower().replace(" ", "").replace("_", "")


def table_rows(data: bytes, columns: tuple, required: tuple) -> list[tuple[int, dict]]:
    """(line, {column: text}) of every line of an uploaded table whose header names the
    `required` columns (any order; other columns ignored); Rejected naming what is wrong."""
    try:
        table = read_table(data)
        first = next(table, None)
        if first is None:
            raise Rejected([Problem(1, "", _("fichier vide"))])
        header_line, header = first
        positions = {}
        for index, name in enumerate(header):
            key = header_key(name)
            if key in columns and key not in positions:
                positions[key] = index
        missing = [c for c in required if c not in positions]
        if missing:
            message = _("colonnes manquantes : %(m)s (en-tête attendu : %(h)s)") % {
                "m": ", ".join(missing),
                "h": ";".join(columns),
            }
            raise Rejected([Problem(header_line, "", message)])
        return [
            (line, {c: cells[i] if i < len(cells) else "" for c, i in positions.items()})
            for line, cells in table
        ]
    except FileRefused as exc:
        raise Rejected([Problem(exc.line, exc.column, str(exc))]) from exc


@dataclass
class ImportOutcome:
    """What an all-or-nothing import did: subclasses add their counters (named in `COUNTS`,
    zeroed when the file is refused) and `summary()`, the French sentence of what was done."""

    dry_run: bool = False
    problems: list = field(default_factory=list)
    COUNTS: ClassVar[tuple] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """The French summary of a successful import: each import's outcome defines it."""
        raise NotImplementedError(f"{type(self).__name__} must define summary()")

    def __str__(self) -> str:
        if self.problems:
            return _("%d problème(s) : rien n'a été importé.") % len(self.problems)
        text = self.summary()
        return _("Essai à blanc — %s ; rien n'a été enregistré.") % text if self.dry_run else text


def refusal_problems(line: int, exc: ValidationError, columns: dict) -> list[Problem]:
    """A service's refusal as problems of `line`, each field named by its file column."""
    if hasattr(exc, "error_dict"):
        return [
            Problem(line, columns.get(name, ""), message)
            for name, errors in exc.message_dict.items()
            for message in errors
        ]
    return [Problem(line, "", message) for message in exc.messages]


def apply_lines(lines, apply, *, outcome: ImportOutcome, columns: dict, progress=None) -> None:
    """Run `apply(item)` for each (line number, item) in one transaction, every refusal
    (Rejected, PermissionDenied, ValidationError) collected as a problem of its line; rolled
    back when any line is refused or in a dry run. `progress(done, total)` after each line."""
    with transaction.atomic():
        for index, (line, item) in enumerate(lines, start=1):
            try:
                apply(item)
            except Rejected as exc:
                outcome.problems.extend(exc.problems)
            except PermissionDenied as exc:
                outcome.problems.append(Problem(line, "", str(exc)))
            except ValidationError as exc:
                outcome.problems.extend(refusal_problems(line, exc, columns))
            if progress is not None:
                progress(index, len(lines))
        if outcome.problems or outcome.dry_run:
            transaction.set_rollback(True)
    if outcome.problems:
        for name in outcome.COUNTS:
            setattr(outcome, name, 0)
