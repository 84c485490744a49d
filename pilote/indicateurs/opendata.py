"""The open data of the public dashboard: the rows of the national table of a period (one per
region and indicator, and the national row), as CSV (the open-data format, described by its
Table Schema), JSON and XLSX.

A figure that does not cover every expected reporter is never written as the period's value:
it goes to `valeur_partielle`, and the `couverture` columns say how many regions (or
establishments) it adds up. The national row is there, marked partial while it is."""

from django.utils.translation import gettext_lazy as _

from pilote.indicateurs import dashboard

# (name, Table Schema type, French header of the XLSX, description)
FIELDS = [
    ("periode", "string", _("Période"), "Période (2024S2 : second semestre 2024 ; 2024 : année)"),
    (
        "region_code",
        "string",
        _("Code région"),
        "Code INSEE de la région (FR pour la France entière)",
    ),
    ("region", "string", _("Région"), "Nom de la région"),
    ("indicateur_code", "string", _("Code indicateur"), "Code de l'indicateur"),
    ("indicateur", "string", _("Indicateur"), "Nom de l'indicateur"),
    (
        "valeur",
        "number",
        _("Valeur"),
        "Valeur de l'indicateur, quand toutes les données attendues sont acceptées par le "
        "niveau national (couverture complète) ; vide sinon",
    ),
    (
        "valeur_partielle",
        "number",
        _("Valeur partielle"),
        "Valeur calculée sur les seules données acceptées quand la couverture est partielle "
        "(pour la France : total partiel des régions acceptées, ce n'est pas un total national)",
    ),
    ("unite", "string", _("Unité"), "Unité"),
    ("cible", "number", _("Cible"), "Cible de la période (cible de la région, sinon nationale)"),
    (
        "couverture",
        "string",
        _("Couverture"),
        "complete : tous les déclarants attendus ont leurs données acceptées ; partielle : "
        "une partie ; aucune : aucun",
    ),
    (
        "couverture_acceptes",
        "integer",
        _("Déclarants acceptés"),
        "Nombre de déclarants (régions, ou établissements pour un jeu de données saisi par "
        "établissement) dont les données de toute la période sont acceptées",
    ),
    (
        "couverture_attendus",
        "integer",
        _("Déclarants attendus"),
        "Nombre de déclarants attendus (18 régions pour la France entière, 1 pour une région "
        "dont le jeu de données est saisi par région)",
    ),
    (
        "couverture_unite",
        "string",
        _("Type de déclarants"),
        "regions ou etablissements",
    ),
]
COVERAGE_VALUES = ["complete", "partielle", "aucune"]


def _number(value):
    return None if value is None else round(value, 4)


def _row(period: str, region, indicator, cell) -> dict:
    cov = cell.coverage
    return {
        "periode": period,
        "region_code": region.code if region else "FR",
        "region": region.name if region else "France",
        "indicateur_code": indicator.code,
        "indicateur": indicator.name,
        "valeur": None if cell.partial else _number(cell.value),
        "valeur_partielle": _number(cell.value) if cell.partial else None,
        "unite": indicator.unit,
        "cible": cell.target,
        "couverture": cov.status if cov else None,
        "couverture_acceptes": cov.accepted if cov else None,
        "couverture_attendus": cov.expected if cov else None,
        "couverture_unite": cov.unit if cov else None,
    }


def records(period: str, table: dict | None = None):
    """The rows of the page's table, in its order: each region, then France."""
    table = table or dashboard.national_table(period)
    for row in table["rows"] + [{"region": None, "cells": table["nation"]}]:
        for indicator, cell in zip(table["indicators"], row["cells"], strict=True):
            yield _row(period, row["region"], indicator, cell)


def names() -> list[str]:
    return [f[0] for f in FIELDS]


def headers() -> list[str]:
    """The XLSX's French column headers."""
    return [str(f[2]) for f in FIELDS]


def as_lists(period: str):
    for record in records(period):
        yield [record[name] for name in names()]


def schema() -> dict:
    """Table Schema (frictionless) of the downloads."""
    fields = []
    for name, kind, _header, description in FIELDS:
        field = {"name": name, "type": kind, "description": description}
        if name == "couverture":
            field["constraints"] = {"enum": COVERAGE_VALUES}
        fields.append(field)
    return {
        "name": "tableau-de-bord-socle-commun",
        "title": "Tableau de bord national du socle commun par région",
        "fields": fields,
        "primaryKey": ["periode", "region_code", "indicateur_code"],
        "missingValues": [""],
    }
