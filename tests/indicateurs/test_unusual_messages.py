"""The warnings of unusual values read numbers as French does (43 600, 12,5), the mean too
(it read « moyenne 40938 »)."""

from pilote.indicateurs.values import unusual_changes

NNBSP = "\u202f"


def test_the_mean_and_the_values_are_written_the_french_way():
    codes = ["2026S1", "2025S2", "2025S1", "2024S2"]
    past = dict(zip(codes, [40_000, 41_000, 40_500, 42_000], strict=True))
    (warning,) = unusual_changes("Séjours", 43_600, codes, past)
    assert warning == (
        f"Séjours : 43{NNBSP}600 s'écarte de plus de 3 écarts-types de l'historique "
        f"(moyenne 40{NNBSP}875)."
    )
    (jump,) = unusual_changes("Taux", 12.5, codes[:1], {"2026S1": 2.25})
    assert jump == (
        "Taux : variation inhabituelle par rapport à la période précédente (2,25 → 12,50)."
    )
