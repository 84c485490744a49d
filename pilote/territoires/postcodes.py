"""Does a postcode belong to a département? One rule, used by every way an address comes in."""

import csv
import functools
import re
from pathlib import Path

POSTCODE_RE = re.compile(r"^[0-9]{5}$")
EXCEPTIONS_FILE = Path(__file__).parent / "data" / "codes_postaux_hors_departement.csv"


@functools.cache
def _exceptions() -> frozenset[tuple[str, str]]:
    """(postcode, département code) of the communes served from another département."""
    with EXCEPTIONS_FILE.open(encoding="utf-8", newline="") as handle:
        return frozenset((row["code_postal"], row["departement"]) for row in csv.DictReader(handle))


def departement_prefix(departement_code: str) -> str:
    """How the postcodes of a département begin: its code, 20 for Corsica (2A and 2B), the
    three digits for overseas (971 Guadeloupe … 976 Mayotte, 986 Wallis-et-Futuna…)."""
    if departement_code in ("2A", "2B"):
        return "20"
    return departement_code


def postcode_matches_departement(postcode: str, departement_code: str) -> bool:
    """True when `postcode` may be an address of the département: it begins with the
    département's code (`departement_prefix`), or the commune is one of the few served from
    a neighbouring département (data/codes_postaux_hors_departement.csv, from INSEE via
    @etalab/decoupage-administratif)."""
    if postcode.startswith(departement_prefix(departement_code)):
        return True
    return (postcode, departement_code) in _exceptions()
