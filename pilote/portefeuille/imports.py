"""Import of a regional portfolio from a spreadsheet (CSV `;` in UTF-8 or Windows-1252, or
XLSX): the ARS and the GRADeS start from their tables (issue 13 § 1). All or nothing, a dry run
that writes nothing, idempotent on (region, code): a line equal to its project changes nothing,
a changed line updates the project through the services (history recorded). Every problem is
named by line and column; the rights are checked line by line (`perms.can_import_projects`:
an ARS officer imports into their region, a national administrator into any).

Columns (header names: accents, case and spaces ignored; all seven present):
  region       INSEE code of today's region (27 = Bourgogne-Franche-Comté)
  code         the project's code in its region
  intitule     its title
  description  free text (may be empty)
  moa          FINESS EJ or ET, SIRET or exact name of an organisation of the region;
               empty = the region's GRADeS
  phase        a phase code (`deploiement`) or label (`Déploiement`); empty = idée for a new
               project, the phase unchanged for a known one (a phase changes through a gate)
  socle        codes of socle services of the cadre commun in force, comma-separated, any case
"""

import unicodedata
from dataclasses import dataclass
from typing import ClassVar

from django.db.models import Q
from django.utils.translation import gettext as _

from pilote.acteurs.models import Organisation, OrganisationType
from pilote.cadre.models import FrameworkVersion
from pilote.core.tabular import ImportOutcome, Problem, Rejected, apply_lines, table_rows
from pilote.portefeuille import perms, services
from pilote.portefeuille.models import Impulsion, Phase, Project
from pilote.territoires.models import Territory

COLUMNS = ("region", "code", "intitule", "description", "moa", "phase", "socle")
# the model's fields as the file's columns, to name a problem the services find
FIELD_COLUMNS = {
    "region": "region",
    "code": "code",
    "title": "intitule",
    "description": "description",
    "moa": "moa",
    "phase": "phase",
    "socle_services": "socle",
}


@dataclass
class Outcome(ImportOutcome):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    COUNTS: ClassVar[tuple] = ("created", "updated", "unchanged")

    def summary(self) -> str:
        return _("%(c)d projet(s) créé(s), %(u)d modifié(s), %(s)d déjà à jour") % {
            "c": self.created,
            "u": self.updated,
            "s": self.unchanged,
        }


@dataclass(frozen=True)
class Line:
    """A line read and resolved: every value is a Pilote object."""

    number: int
    region: Territory
    code: str
    title: str
    description: str
    moa: Organisation
    phase: str  # "" = not given
    socle_services: tuple


def fold(text: str) -> str:
    """Text compared without accents, case or repeated spaces."""
    text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


class Resolver:
    """Turns the cells of a line into Pilote objects, with caches over the whole file."""

    def __init__(self, user):
        self.user = user
        self.regions = {t.code: t for t in Territory.objects.current().ars_regions()}
        self.phases = {}
        for value, label in Phase.choices:
            self.phases[fold(value)] = value
            self.phases[fold(str(label))] = value
        self.version = FrameworkVersion.objects.in_force()
        services_in_force = self.version.socle_services.all() if self.version else []
        self.socle = {s.code.upper(): s for s in services_in_force}
        self.grades = {}

    def region(self, line: int, text: str, problems: list):
        region = self.regions.get(text)
        if region is None:
            problems.append(
                Problem(
                    line,
                    "region",
                    _("« %s » n'est pas le code INSEE d'une région actuelle (27, 84…)") % text
                    if text
                    else _("code INSEE de la région manquant"),
                )
            )
        elif not perms.can_import_projects(self.user, region):
            problems.append(
                Problem(
                    line,
                    "region",
                    _("vous ne pouvez pas importer de projets dans la région %s") % region.name,
                )
            )
            return None
        return region

    def moa(self, line: int, text: str, region, problems: list):
        organisations = Organisation.objects.in_region(region)
        if not text:
            found = list(
                organisations.filter(type=OrganisationType.GRADES, is_active=True).order_by("pk")
            )
            if len(found) != 1:
                problems.append(
                    Problem(
                        line,
                        "moa",
                        _(
                            "MOA vide : la région %(r)s a %(n)d GRADeS actif(s) ; "
                            "indiquez la MOA (FINESS, SIRET ou nom)"
                        )
                        % {"r": region.name, "n": len(found)},
                    )
                )
                return None
            return found[0]
        match = (
            Q(finess_et=text)
            | Q(finess_ej=text, is_legal_entity=True)
            | Q(siret=text)
            | Q(name=text)
        )
        found = list(organisations.filter(match).order_by("pk")[:2])
        if len(found) == 1:
            return found[0]
        if found:
            message = _("« %s » désigne plusieurs structures : indiquez son FINESS ou son SIRET")
        else:
            message = _(
                "« %(t)s » : aucune structure de la région %(r)s n'a ce FINESS, ce SIRET ou "
                "ce nom exact"
            )
        problems.append(Problem(line, "moa", message % {"t": text, "r": region.name}))
        return None

    def phase(self, line: int, text: str, problems: list):
        if not text:
            return ""
        phase = self.phases.get(fold(text))
        if phase is None:
            problems.append(
                Problem(
                    line,
                    "phase",
                    _("« %(t)s » : phase inconnue (codes : %(c)s)")
                    % {"t": text, "c": ", ".join(Phase.values)},
                )
            )
            return None
        return phase

    def socle_services(self, line: int, text: str, problems: list):
        codes = [c.strip().upper() for c in text.split(",") if c.strip()]
        unknown = [c for c in codes if c not in self.socle]
        if unknown:
            problems.append(
                Problem(
                    line,
                    "socle",
                    _(
                        "service(s) du socle inconnu(s) : %(u)s "
                        "(codes du cadre commun %(y)s : %(c)s)"
                    )
                    % {
                        "u": ", ".join(unknown),
                        "y": self.version.year if self.version else "—",
                        "c": ", ".join(sorted(self.socle)) or "—",
                    },
                )
            )
            return None
        return tuple(dict.fromkeys(self.socle[c] for c in codes))


def _read(rows, resolver: Resolver, problems: list) -> list[Line]:
    """Each line resolved, or its problems appended; a (region, code) twice is a problem."""
    lines, seen = [], {}
    for number, row in rows:
        found: list = []
        region = resolver.region(number, row["region"], found)
        code, title = row["code"], row["intitule"]
        if not code:
            found.append(Problem(number, "code", _("code du projet manquant")))
        if not title:
            found.append(Problem(number, "intitule", _("intitulé du projet manquant")))
        moa = resolver.moa(number, row["moa"], region, found) if region else None
        phase = resolver.phase(number, row["phase"], found)
        socle = resolver.socle_services(number, row["socle"], found)
        if region and code:
            first = seen.setdefault((region.pk, code), number)
            if first != number:
                found.append(
                    Problem(number, "code", _("même région et même code que la ligne %d") % first)
                )
        problems.extend(found)
        if not found:
            lines.append(Line(number, region, code, title, row["description"], moa, phase, socle))
    return lines


def _apply(user, line: Line, outcome: Outcome) -> None:
    project = Project.objects.in_region(line.region).filter(code=line.code).first()
    values = {"title": line.title, "description": line.description, "moa": line.moa}
    if project is None:
        services.create_project(
            acting_user=user,
            region=line.region,
            code=line.code,
            phase=line.phase or Phase.IDEE,
            impulsion=Impulsion.ARS,
            socle_services=line.socle_services,
            **values,
        )
        outcome.created += 1
        return
    if line.phase and line.phase != project.phase:
        raise Rejected(
            [
                Problem(
                    line.number,
                    "phase",
                    _(
                        "le projet %(c)s est en phase « %(p)s » dans Pilote : une phase change "
                        "par une décision de passage, pas par import"
                    )
                    % {"c": project.code, "p": project.get_phase_display()},
                )
            ]
        )
    changes = services.update_project(
        acting_user=user, project=project, values=values, socle_services=line.socle_services
    )
    if changes:
        outcome.updated += 1
    else:
        outcome.unchanged += 1


def import_projects(data: bytes, *, acting_user, dry_run: bool = False, progress=None) -> Outcome:
    """Read, check and apply a portfolio file; nothing is written unless every line passes
    (and never in a dry run)."""
    outcome = Outcome(dry_run=dry_run)
    try:
        rows = table_rows(data, COLUMNS, COLUMNS)
    except Rejected as exc:
        outcome.problems = exc.problems
        return outcome
    lines = _read(rows, Resolver(acting_user), outcome.problems)
    if outcome.problems:
        return outcome
    apply_lines(
        [(line.number, line) for line in lines],
        lambda line: _apply(acting_user, line, outcome),
        outcome=outcome,
        columns=FIELD_COLUMNS,
        progress=progress,
    )
    return outcome
