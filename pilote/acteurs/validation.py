"""Checks of an organisation's identifiers and address, shared by the model (hence the web
form, the API and the services) and the FINESS import."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pilote.territoires.postcodes import POSTCODE_RE, postcode_matches_departement

LA_POSTE_SIREN = "356000000"


def luhn_is_valid(digits: str) -> bool:
    """The Luhn checksum INSEE uses as the key of SIREN and SIRET numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren_is_valid(siren: str) -> bool:
    return len(siren) == 9 and siren.isdigit() and luhn_is_valid(siren)


def siret_is_valid(siret: str) -> bool:
    """14 digits whose Luhn key is right. La Poste (SIREN 356000000) numbers its many
    establishments otherwise: the sum of the 14 digits is a multiple of 5 (INSEE)."""
    if len(siret) != 14 or not siret.isdigit():
        return False
    if luhn_is_valid(siret):
        return True
    return siret.startswith(LA_POSTE_SIREN) and sum(int(c) for c in siret) % 5 == 0


def validate_siret(value: str) -> None:
    if value and not siret_is_valid(value):
        raise ValidationError(
            _(
                "Le SIRET « %s » n'est pas valide : il compte 14 chiffres et le dernier est une "
                "clé de contrôle ; vérifiez-le sur l'avis de situation SIRENE."
            )
            % value,
            code="invalid_siret",
        )


def validate_siren(value: str) -> None:
    if value and not siren_is_valid(value):
        raise ValidationError(
            _(
                "Le SIREN « %s » n'est pas valide : il compte 9 chiffres et le dernier est une "
                "clé de contrôle."
            )
            % value,
            code="invalid_siren",
        )


def validate_postcode(value: str) -> None:
    if value and not POSTCODE_RE.match(value):
        raise ValidationError(
            _("Le code postal « %s » n'est pas valide : il compte 5 chiffres.") % value,
            code="invalid_postcode",
        )


def postcode_mismatch(postcode: str, departement) -> str | None:
    """The French sentence saying why `postcode` is not an address of `departement` (a
    Territory), or None when they agree (or one is missing)."""
    if not postcode or departement is None or not POSTCODE_RE.match(postcode):
        return None
    if postcode_matches_departement(postcode, departement.code):
        return None
    return _(
        "Le code postal %(cp)s ne correspond pas au département %(dep)s (%(code)s) : "
        "corrigez le code postal ou le département."
    ) % {"cp": postcode, "dep": departement.name, "code": departement.code}
