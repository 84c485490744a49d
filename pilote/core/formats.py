"""Numbers written the French way: `1 594 184,00 €` (a narrow no-break space between
thousands, a decimal comma)."""

import unicodedata
from decimal import Decimal

THOUSANDS = "\u202f"  # narrow no-break space, as the Imprimerie nationale writes it


def french_number(value, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", THOUSANDS).replace(".", ",")


def euros(value: Decimal | int | None, cents: bool = True) -> str:
    """`Decimal("1594184")` → `1 594 184,00 €`; None → an empty string."""
    if value is None:
        return ""
    return f"{french_number(value, 2 if cents else 0)}\u00a0€"


def sort_key(text: str) -> str:
    """Alphabetical order as a French reader expects it (Île-de-France among the I)."""
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()
