"""Period codes as DHIS2 writes them: 2017 (year), 2017S1 (semester), 2017Q3 (quarter),
201709 (month). Pure functions, no database."""

import datetime
import functools
import re
from dataclasses import dataclass

YEAR, SEMESTER, QUARTER, MONTH = "annee", "semestre", "trimestre", "mois"
PERIOD_TYPES = [(MONTH, "Mois"), (QUARTER, "Trimestre"), (SEMESTER, "Semestre"), (YEAR, "Année")]
_FINENESS = {MONTH: 0, QUARTER: 1, SEMESTER: 2, YEAR: 3}
_PATTERNS = [
    (re.compile(r"^(\d{4})$"), YEAR),
    (re.compile(r"^(\d{4})S([12])$"), SEMESTER),
    (re.compile(r"^(\d{4})Q([1-4])$"), QUARTER),
    (re.compile(r"^(\d{4})(0[1-9]|1[0-2])$"), MONTH),
]
_MONTHS_PER = {YEAR: 12, SEMESTER: 6, QUARTER: 3, MONTH: 1}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    type: str
    code: str

    @property
    def end(self) -> datetime.date:
        months = _MONTHS_PER[self.type]
        month_index = self.start.month - 1 + months
        year = self.start.year + month_index // 12
        first_next = datetime.date(year, month_index % 12 + 1, 1)
        return first_next - datetime.timedelta(days=1)

    @property
    def year(self) -> int:
        return self.start.year

    def label(self) -> str:
        if self.type == YEAR:
            return self.code
        if self.type == SEMESTER:
            return f"{self.code[-1]}{'er' if self.code[-1] == '1' else 'e'} semestre {self.year}"
        if self.type == QUARTER:
            return f"T{self.code[-1]} {self.year}"
        return f"{self.start.month:02d}/{self.year}"

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end

    def previous(self) -> "Period":
        return shift(self, -1)


@functools.lru_cache(maxsize=8192)  # a Period is immutable; pages parse the same codes often
def parse(code: str) -> Period:
    code = (code or "").strip().upper()
    for pattern, kind in _PATTERNS:
        match = pattern.match(code)
        if not match:
            continue
        year = int(match.group(1))
        if not 1990 <= year <= 2100:
            break
        if kind == YEAR:
            month = 1
        elif kind == MONTH:
            month = int(match.group(2))
        else:
            month = (int(match.group(2)) - 1) * _MONTHS_PER[kind] + 1
        return Period(datetime.date(year, month, 1), kind, code)
    raise PeriodError(f"période invalide « {code} » (attendu : 2017, 2017S1, 2017Q3 ou 201709)")


def make(kind: str, year: int, index: int = 1) -> Period:
    if kind == YEAR:
        return parse(f"{year}")
    if kind == SEMESTER:
        return parse(f"{year}S{index}")
    if kind == QUARTER:
        return parse(f"{year}Q{index}")
    return parse(f"{year}{index:02d}")


def shift(period: Period, steps: int) -> Period:
    months = _MONTHS_PER[period.type]
    index = (period.start.year * 12 + period.start.month - 1) // months + steps
    first_month = index * months
    year, month = divmod(first_month, 12)
    number = month // months + 1
    return make(period.type, year, number if period.type != MONTH else month + 1)


def containing(period: Period, kind: str) -> Period:
    """The period of type `kind` that contains `period` (kind must not be finer)."""
    if _FINENESS[kind] < _FINENESS[period.type]:
        raise PeriodError(f"{kind} est plus fin que {period.type}")
    months = _MONTHS_PER[kind]
    number = (period.start.month - 1) // months + 1
    return make(kind, period.start.year, number if kind != MONTH else period.start.month)


def is_finer_or_equal(kind: str, than: str) -> bool:
    return _FINENESS[kind] <= _FINENESS[than]


def series(first: str, last: str) -> list[Period]:
    a, b = parse(first), parse(last)
    if a.type != b.type:
        raise PeriodError("les deux bornes doivent être du même type")
    out = []
    while a <= b:
        out.append(a)
        a = shift(a, 1)
    return out
