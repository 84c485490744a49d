"""Who may change a CPOM and its annual dialogues. Reads go through
`Cpom.objects.visible_to(user)` (`comptes.scoping.FundingQuerySet`: national roles, the
region's ARS and GRADeS)."""

from pilote.financement.perms import can_manage_funding


def can_manage_cpom(user, cpom_or_region) -> bool:
    """The ARS contracts with its GRADeS (instruction of 2017, § I.D: "un contrat pluriannuel
    d'objectifs et de moyens") and leads the annual management dialogue; the national
    administrator may correct it. The operator reads it and takes part, it does not write it."""
    region = getattr(cpom_or_region, "region_id", None) or cpom_or_region
    return can_manage_funding(user, region)
