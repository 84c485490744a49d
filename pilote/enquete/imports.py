"""Import of survey grids from a spreadsheet (CSV `;` in UTF-8 or Windows-1252, or XLSX), the
template of issue 14 § 2. All or nothing, a dry run that writes nothing, idempotent on
(campaign, year, territory, operator): a line equal to its grid changes nothing. Every problem
is named by line and column, in French; the rights are checked line by line
(`perms.can_fill_grid`: the region's GRADeS, the national administrator).

The first columns are exactly, in this order:
  annee                  the reference year (one of the campaign's years)
  territoire             INSEE code of a region valid that year (26 = Bourgogne in 2011), or
                         the code of an ARS area of the reference data (ARS-OI = Océan Indien)
  operateur              the operator's name (matched to a Pilote organisation of the region
                         by FINESS, SIRET or exact name when there is one)
  etp_total              full-time equivalents
  budget_fonctionnement  operating budget (€)
  budget_investissement  investment budget (€)
  budget_total           total budget (€): with both parts, it must be their sum
  population_reference   optional: replaces the territory's population per inhabitant
Numbers take a decimal comma or point and spaces between thousands; an empty cell is unknown,
never zero. Further columns may follow: a detailed figure of the methodology by its key
(`etp.direction`, `financement.ars.projets`, `risque.financier`…); others are ignored."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from django.db.models import Q
from django.utils.translation import gettext as _

from pilote.acteurs.models import Organisation
from pilote.core.tabular import (
    FileRefused,
    ImportOutcome,
    Problem,
    Rejected,
    apply_lines,
    header_key,
    read_table,
)
from pilote.enquete import services
from pilote.enquete.models import Campaign
from pilote.enquete.places import Place, PlaceResolver

COLUMNS = (
    "annee",
    "territoire",
    "operateur",
    "etp_total",
    "budget_fonctionnement",
    "budget_investissement",
    "budget_total",
    "population_reference",
)
# grid fields as the file's columns, to name a problem the services find
FIELD_COLUMNS = {
    "year": "annee",
    "operator_name": "operateur",
    "etp_total": "etp_total",
    "budget_operating": "budget_fonctionnement",
    "budget_investment": "budget_investissement",
    "budget_total": "budget_total",
    "population_reference": "population_reference",
}
NUMBER_COLUMNS = {
    "etp_total": "etp_total",
    "budget_fonctionnement": "budget_operating",
    "budget_investissement": "budget_investment",
    "budget_total": "budget_total",
}
SPACES = (" ", "\u00a0", "\u202f", "€")


@dataclass
class Outcome(ImportOutcome):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    campaign_created: bool = False
    COUNTS: ClassVar[tuple] = ("created", "updated", "unchanged")

    def summary(self) -> str:
        return _("%(c)d grille(s) créée(s), %(u)d modifiée(s), %(s)d déjà à jour") % {
            "c": self.created,
            "u": self.updated,
            "s": self.unchanged,
        }


@dataclass(frozen=True)
class Line:
    number: int
    year: int
    place: Place
    operator_name: str
    operator: Organisation | None
    values: dict
    figures: dict


def parse_number(text: str) -> Decimal | None:
    """`1 234,50`, `1234.5`, `1 234 €` → Decimal; empty → None (unknown); ValueError else."""
    for space in SPACES:
        text = text.replace(space, "")
    if not text:
        return None
    if "," in text and "." in text:
        raise ValueError(text)
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


def _header(table, figure_keys: set) -> tuple[int, dict]:
    first = next(table, None)
    if first is None:
        raise Rejected([Problem(1, "", _("fichier vide"))])
    line, header = first
    keys = [header_key(h) for h in header]
    if keys[: len(COLUMNS)] != [header_key(c) for c in COLUMNS]:
        raise Rejected(
            [
                Problem(
                    line,
                    "",
                    _("les premières colonnes doivent être exactement : %s") % ";".join(COLUMNS),
                )
            ]
        )
    extra = {}
    folded = {header_key(k): k for k in figure_keys}
    for index, name in enumerate(header[len(COLUMNS) :], start=len(COLUMNS)):
        key = folded.get(header_key(name))
        if key is not None and key not in extra.values():
            extra[index] = key
    return line, extra


class Reader:
    def __init__(self, campaign_years: list[int] | None):
        self.years = campaign_years
        self.places = PlaceResolver()
        self.seen: dict = {}

    def year(self, number, text, problems):
        try:
            year = int(text)
        except ValueError:
            problems.append(
                Problem(number, "annee", _("« %s » n'est pas une année (2011…)") % text)
                if text
                else Problem(number, "annee", _("année manquante"))
            )
            return None
        if self.years is not None and year not in self.years:
            problems.append(
                Problem(
                    number,
                    "annee",
                    _("%(y)d n'est pas une année de la campagne (%(a)s)")
                    % {"y": year, "a": ", ".join(str(y) for y in self.years)},
                )
            )
            return None
        return year

    def place(self, number, text, year, problems):
        if not text:
            problems.append(Problem(number, "territoire", _("code du territoire manquant")))
            return None
        place = self.places.resolve(text, year)
        if place is None:
            problems.append(
                Problem(
                    number,
                    "territoire",
                    _(
                        "« %(t)s » n'est ni le code INSEE d'une région valide en %(y)d ni le code "
                        "d'un ressort d'ARS (ARS-OI…)"
                    )
                    % {"t": text, "y": year},
                )
            )
        return place

    def numbers(self, number, row, problems) -> dict:
        values = {}
        for column, field in NUMBER_COLUMNS.items():
            try:
                value = parse_number(row[column])
            except ValueError:
                problems.append(
                    Problem(
                        number,
                        column,
                        _("« %s » n'est pas un nombre (virgule ou point décimal)") % row[column],
                    )
                )
                continue
            if value is not None and value < 0:
                problems.append(Problem(number, column, _("valeur négative")))
                continue
            values[field] = value
        text = row["population_reference"].replace(" ", "").replace("\u202f", "")
        if text and (not text.isdigit() or int(text) == 0):
            problems.append(
                Problem(
                    number,
                    "population_reference",
                    _("« %s » n'est pas une population (un nombre entier d'habitants)")
                    % row["population_reference"],
                )
            )
        else:
            values["population_reference"] = int(text) if text else None
        return values

    def figures(self, number, cells, extra, problems) -> dict:
        figures = {}
        for index, key in extra.items():
            text = cells[index] if index < len(cells) else ""
            try:
                figures[key] = parse_number(text)
            except ValueError:
                problems.append(Problem(number, key, _("« %s » n'est pas un nombre") % text))
        return figures


def operator_in(place: Place, name: str) -> Organisation | None:
    """The Pilote organisation of the line's region with this FINESS, SIRET or exact name."""
    found = list(
        Organisation.objects.in_region(place.region)
        .filter(Q(name__iexact=name) | Q(finess_ej=name) | Q(finess_et=name) | Q(siret=name))
        .order_by("pk")[:2]
    )
    return found[0] if len(found) == 1 else None


def _read(data: bytes, campaign_years, figure_keys: set, problems: list) -> list[Line]:
    table = read_table(data)
    _line, extra = _header(table, figure_keys)
    reader = Reader(campaign_years)
    lines = []
    for number, cells in table:
        row = {c: cells[i] if i < len(cells) else "" for i, c in enumerate(COLUMNS)}
        found: list = []
        year = reader.year(number, row["annee"], found)
        place = reader.place(number, row["territoire"], year, found) if year else None
        name = " ".join(row["operateur"].split())
        if not name:
            found.append(Problem(number, "operateur", _("nom de l'opérateur manquant")))
        values = reader.numbers(number, row, found)
        figures = reader.figures(number, cells, extra, found)
        if place and name:
            first = reader.seen.setdefault((year, place.code, name.lower()), number)
            if first != number:
                found.append(
                    Problem(
                        number,
                        "operateur",
                        _("même année, même territoire et même opérateur que la ligne %d") % first,
                    )
                )
        problems.extend(found)
        if not found:
            operator = operator_in(place, name)
            lines.append(Line(number, year, place, name, operator, values, figures))
    return lines


def import_survey(
    data: bytes,
    *,
    acting_user,
    campaign: Campaign | None = None,
    campaign_name: str = "",
    dry_run: bool = False,
    progress=None,
) -> Outcome:
    """Read, check and apply a survey file into `campaign` (or the campaign named
    `campaign_name`, created for the file's years when it does not exist yet); nothing is
    written unless every line passes (and never in a dry run)."""
    outcome = Outcome(dry_run=dry_run)
    if campaign is None:
        campaign = Campaign.objects.filter(name=campaign_name.strip()).first()
    if campaign is not None:
        definition = campaign.methodology.definition
    else:
        from pilote.enquete.methodology import FIRST_DEFINITION

        definition = FIRST_DEFINITION
    figure_keys = {f["key"] for f in definition["figures"]}
    try:
        lines = _read(data, campaign.years if campaign else None, figure_keys, outcome.problems)
    except Rejected as exc:
        outcome.problems = exc.problems
        return outcome
    except FileRefused as exc:
        outcome.problems = [Problem(exc.line, exc.column, str(exc))]
        return outcome
    if outcome.problems:
        return outcome
    state = {"campaign": campaign}

    def apply(line: Line):
        if state["campaign"] is None:
            state["campaign"] = services.create_campaign(
                acting_user=acting_user,
                name=campaign_name,
                years=sorted({entry.year for entry in lines}),
            )
            outcome.campaign_created = True
        _grid, status = services.save_grid(
            acting_user=acting_user,
            campaign=state["campaign"],
            year=line.year,
            place=line.place,
            operator_name=line.operator_name,
            operator=line.operator,
            values=line.values,
            figures=line.figures,
        )
        setattr(outcome, status, getattr(outcome, status) + 1)

    apply_lines(
        [(line.number, line) for line in lines],
        apply,
        outcome=outcome,
        columns=FIELD_COLUMNS,
        progress=progress,
    )
    if outcome.problems:
        outcome.campaign_created = False
    return outcome
