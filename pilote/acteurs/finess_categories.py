"""Map FINESS establishment categories (categetab) to Pilote organisation types.

Category codes from the FINESS nomenclature published by the DREES (table "Catégories
d'établissement"); only the categories Pilote distinguishes are listed, the others are "autre".
"""

from pilote.acteurs.models import OrganisationType

HOSPITAL_CATEGORIES = frozenset(
    {
        "101",
        "106",
        "108",
        "109",
        "114",
        "122",
        "127",
        "128",
        "129",
        "131",
        "141",
        "146",
        "156",
        "161",
        "166",
        "292",
        "355",
        "362",
        "365",
        "366",
        "412",
        "415",
        "425",
        "430",
        "444",
        "696",
        "697",
        "698",
    }
)
MEDICO_SOCIAL_CATEGORIES = frozenset(
    {
        "182",
        "183",
        "186",
        "188",
        "189",
        "190",
        "192",
        "194",
        "195",
        "196",
        "198",
        "202",
        "207",
        "209",
        "238",
        "246",
        "249",
        "252",
        "253",
        "255",
        "354",
        "370",
        "377",
        "378",
        "379",
        "380",
        "381",
        "382",
        "390",
        "395",
        "396",
        "402",
        "437",
        "445",
        "446",
        "448",
        "449",
        "460",
        "461",
        "462",
        "463",
        "464",
        "500",
        "501",
        "502",
    }
)
SIMPLE = {
    "603": OrganisationType.MSP,
    "124": OrganisationType.CENTRE_SANTE,
    "125": OrganisationType.CENTRE_SANTE,
    "130": OrganisationType.CENTRE_SANTE,
    "620": OrganisationType.PHARMACIE,
    "611": OrganisationType.LABORATOIRE,
    "610": OrganisationType.LABORATOIRE,
}


def organisation_type(category: str, sph_label: str) -> str:
    """The organisation type of an establishment from its category and public-service status."""
    if category in SIMPLE:
        return SIMPLE[category]
    if category in HOSPITAL_CATEGORIES:
        label = sph_label.lower()
        if "intérêt collectif" in label or "interet collectif" in label:
            return OrganisationType.HOPITAL_ESPIC
        if "public" in label or category in {"101", "106", "355"}:
            return OrganisationType.HOPITAL_PUBLIC
        return OrganisationType.HOPITAL_PRIVE
    if category in MEDICO_SOCIAL_CATEGORIES:
        return OrganisationType.MEDICO_SOCIAL
    return OrganisationType.AUTRE
