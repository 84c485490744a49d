"""JSON in and out, strictly.

Python's `json` module reads and writes `NaN`, `Infinity` and `-Infinity`, which are not JSON
(browsers' `JSON.parse` and most other parsers refuse them), reads `1e400` as an infinite
float, and fails with `RecursionError` on deeply nested input. Here:

- `loads` refuses all of these with a French message that says where (`JsonRefused`);
- `dumps` always writes valid JSON: a non-finite number becomes `null`.
"""

import json
import math
import re

from django.utils.translation import gettext as _

# Python's parser gives up near its recursion limit (about 1,000 levels); a document of Pilote
# has a handful. Past a RecursionError, the message points at the first bracket past this depth.
MAX_DEPTH = 100


class JsonRefused(ValueError):
    """Input that is not valid JSON for Pilote; the message is French, `line` and `column`
    (from 1) say where."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line = line
        self.column = column


def loads(data: bytes | str):
    """Parse a JSON document (UTF-8, with or without BOM, if bytes)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise JsonRefused(
                _("JSON illisible : octet 0x%(b)02X invalide en UTF-8 (ligne %(l)d)")
                % {"b": data[exc.start], "l": line},
                line,
            ) from exc
    try:
        return json.loads(data, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise JsonRefused(
            _("JSON invalide à la ligne %(l)d, colonne %(c)d") % {"l": exc.lineno, "c": exc.colno},
            exc.lineno,
            exc.colno,
        ) from exc
    except _Literal as exc:
        line, column = _position(data, exc.text)
        raise JsonRefused(
            _(
                "JSON : « %(t)s » (ligne %(l)d, colonne %(c)d) n'est pas un nombre accepté "
                "(infini, indéfini ou trop long)"
            )
            % {"t": exc.text[:40], "l": line, "c": column},
            line,
            column,
        ) from exc
    except RecursionError as exc:
        line, column = _too_deep(data)
        raise JsonRefused(
            _(
                "JSON trop profondément imbriqué : plus de %(n)d niveaux à la ligne %(l)d, "
                "colonne %(c)d"
            )
            % {"n": MAX_DEPTH, "l": line, "c": column},
            line,
            column,
        ) from exc


def dumps(data, **kwargs) -> str:
    """`json.dumps` whose output is always valid JSON: non-finite numbers are written `null`."""
    try:
        return json.dumps(data, allow_nan=False, **kwargs)
    except ValueError:  # a NaN or an infinity somewhere: replace them, then write again
        return json.dumps(finite(data), allow_nan=False, **kwargs)


def finite(data):
    """`data` with every non-finite float (in nested dicts, lists and tuples) replaced by None."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [finite(value) for value in data]
    return data


class _Literal(ValueError):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def _constant(text: str):
    raise _Literal(text)  # NaN, Infinity, -Infinity


def _float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400
        raise _Literal(text)
    return number


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits())
        raise _Literal(text) from None


def _position(document: str, text: str) -> tuple[int, int]:
    """(line, column) of the first occurrence of `text` in the document."""
    return _line_column(document, max(document.find(text), 0))


def _line_column(document: str, index: int) -> tuple[int, int]:
    return document.count("\n", 0, index) + 1, index - document.rfind("\n", 0, index)


TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(document: str) -> tuple[int, int]:
    """(line, column) of the first bracket opening level MAX_DEPTH + 1 (after a RecursionError:
    the parser gives no position)."""
    depth = 0
    for token in TOKENS.finditer(document):
        text = token.group()
        if text in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return _line_column(document, token.start())
        elif text in ("]", "}"):
            depth -= 1
    return 1, 1
