"""French messages for the errors the API framework raises in English.

django-ninja answers a request that does not match an operation's schema with pydantic's
errors ("Field required", "Input should be a valid integer") and its own HTTP errors
("Unauthorized"). An API user reads these: each is given a French sentence, keeping pydantic's
`type` and `loc` for programs, and a `champ` naming the field as the documentation does."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# pydantic error type → French message (may use the error's `ctx` values by name).
MESSAGES = {
    "missing": gettext_lazy("Champ obligatoire."),
    "extra_forbidden": gettext_lazy("Champ inconnu."),
    "string_type": gettext_lazy("Texte attendu."),
    "string_too_short": gettext_lazy("Texte trop court : au moins %(min_length)s caractère(s)."),
    "string_too_long": gettext_lazy("Texte trop long : au plus %(max_length)s caractères."),
    "string_pattern_mismatch": gettext_lazy("Format non reconnu."),
    "int_type": gettext_lazy("Nombre entier attendu."),
    "int_parsing": gettext_lazy("Nombre entier attendu."),
    "int_from_float": gettext_lazy("Nombre entier attendu (sans décimales)."),
    "float_type": gettext_lazy("Nombre attendu."),
    "float_parsing": gettext_lazy("Nombre attendu."),
    "decimal_type": gettext_lazy("Nombre décimal attendu."),
    "decimal_parsing": gettext_lazy("Nombre décimal attendu."),
    "finite_number": gettext_lazy("Nombre fini attendu."),
    "bool_type": gettext_lazy("Booléen attendu (true ou false)."),
    "bool_parsing": gettext_lazy("Booléen attendu (true ou false)."),
    "date_type": gettext_lazy("Date attendue au format AAAA-MM-JJ."),
    "date_parsing": gettext_lazy("Date attendue au format AAAA-MM-JJ."),
    "date_from_datetime_parsing": gettext_lazy("Date attendue au format AAAA-MM-JJ."),
    "date_from_datetime_inexact": gettext_lazy("Date attendue au format AAAA-MM-JJ."),
    "datetime_type": gettext_lazy("Date et heure attendues au format ISO 8601."),
    "datetime_parsing": gettext_lazy("Date et heure attendues au format ISO 8601."),
    "datetime_from_date_parsing": gettext_lazy("Date et heure attendues au format ISO 8601."),
    "uuid_type": gettext_lazy("Identifiant UUID attendu."),
    "uuid_parsing": gettext_lazy("Identifiant UUID attendu."),
    "list_type": gettext_lazy("Liste attendue."),
    "dict_type": gettext_lazy("Objet attendu."),
    "model_type": gettext_lazy("Objet attendu."),
    "model_attributes_type": gettext_lazy("Objet attendu."),
    "json_invalid": gettext_lazy("JSON invalide."),
    "json_type": gettext_lazy("JSON attendu."),
    "too_short": gettext_lazy("Trop peu d'éléments : au moins %(min_length)s."),
    "too_long": gettext_lazy("Trop d'éléments : au plus %(max_length)s."),
    "greater_than": gettext_lazy("Valeur supérieure à %(gt)s attendue."),
    "greater_than_equal": gettext_lazy("Valeur supérieure ou égale à %(ge)s attendue."),
    "less_than": gettext_lazy("Valeur inférieure à %(lt)s attendue."),
    "less_than_equal": gettext_lazy("Valeur inférieure ou égale à %(le)s attendue."),
    "literal_error": gettext_lazy("Valeur non permise ; valeurs possibles : %(expected)s."),
    "enum": gettext_lazy("Valeur non permise ; valeurs possibles : %(expected)s."),
}
FALLBACK = gettext_lazy("Valeur invalide.")
# What pydantic puts before the message of a validator of ours (already French).
VALUE_ERROR_PREFIXES = ("Value error, ", "Assertion failed, ")
# The location's first item says where the field was read; the rest names it.
SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}

# ninja's own HTTP error messages.
HTTP_MESSAGES = {
    "Unauthorized": gettext_lazy("Authentification requise : session ou jeton d'API."),
    "Forbidden": gettext_lazy("Action non autorisée."),
    "Too many requests.": gettext_lazy("Trop de requêtes : réessayez dans un instant."),
    "Cannot parse request body": gettext_lazy("Corps de la requête illisible."),
    "Not Found": gettext_lazy("Introuvable."),
}


def field_name(loc) -> str:
    """`["body", "payload", "name"]` → `name`; list positions are kept (`items.2.value`)."""
    parts = [str(part) for part in loc]
    while parts and parts[0] in SOURCES:
        parts = parts[1:]
    if parts and parts[0] == "payload":  # ninja's name for a whole-body schema argument
        parts = parts[1:]
    return ".".join(parts)


def french_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind in ("value_error", "assertion_error"):
        message = str(error.get("msg", ""))
        for prefix in VALUE_ERROR_PREFIXES:
            message = message.removeprefix(prefix)
        return message
    template = MESSAGES.get(kind)
    if template is None:
        return str(FALLBACK)
    try:
        context = dict(error.get("ctx") or {})
        if isinstance(context.get("expected"), str):  # "'a', 'b' or 'c'"
            context["expected"] = context["expected"].replace(" or ", " ou ")
        return str(template) % context
    except (KeyError, TypeError, ValueError):
        return str(FALLBACK)


def french_errors(errors: list[dict]) -> list[dict]:
    """pydantic's error list with a French `msg` and the field it concerns as `champ`."""
    answer = []
    for error in errors:
        loc = list(error.get("loc", ()))
        answer.append(
            {
                "type": error.get("type", ""),
                "loc": loc,
                "champ": field_name(loc),
                "msg": french_message(error),
            }
        )
    return answer


def french_http_message(message: str) -> str:
    french = HTTP_MESSAGES.get(message)
    return str(french) if french is not None else message


def summary(errors: list[dict]) -> str:
    """One sentence for people: « name : Champ obligatoire. ; siret : Texte attendu. »."""
    parts = [f"{e['champ']} : {e['msg']}" if e["champ"] else e["msg"] for e in errors]
    return _("Requête invalide — %s") % " ; ".join(parts)
