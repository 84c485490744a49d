"""Import of the public FINESS extraction: creates or updates establishments and legal entities.

Three streamed passes over the file (encoding check, geolocation section, establishments),
one transaction. All or nothing, like every import of Pilote: a file that cannot be read as
FINESS, or holding one invalid line, changes nothing and every invalid line is listed
(`FinessRejected`); with `skip_invalid=True`, invalid lines are skipped and counted in the
report. Re-importing the same file writes nothing. Every row written gets its history row.
"""

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import reset_queries, transaction
from django.utils.translation import gettext as _

from pilote.acteurs.finess_categories import organisation_type
from pilote.acteurs.finess_reader import (
    ENCODING_LABELS,
    Establishment,
    FinessFileError,
    FinessReader,
    Geolocation,
    Rejection,
    parse_geolocation,
    parse_structure,
)
from pilote.acteurs.models import Organisation, OrganisationType, Source
from pilote.core.bulk import among, analyze_after_commit, insert_with_history, update_with_history
from pilote.core.history import history_user_or_none
from pilote.territoires.models import Territory

BATCH = 4000
REASON = "Import FINESS"
# Fields the FINESS file owns; fields typed in Pilote (e-mail, website, legal form…) are kept.
FINESS_FIELDS = (
    "name",
    "long_name",
    "type",
    "finess_ej",
    "legal_entity_id",
    "siret",
    "address",
    "address_complement",
    "postcode",
    "city",
    "commune_code",
    "departement_id",
    "region_id",
    "phone",
    "category_code",
    "category_label",
    "category_group_code",
    "siret_ape",
    "sph_label",
    "opened_on",
    "finess_updated_on",
    "coord_x",
    "coord_y",
    "coord_source",
    "source",
)
MAX_REJECTIONS_SHOWN = 1000

ProgressCallback = Callable[[str, int, int], None]


@dataclass
class FinessReport:
    extracted_on: str = ""
    encoding: str = ""
    lines: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    legal_entities_created: int = 0
    geolocated: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)
    absent_from_file: int = 0
    skip_invalid: bool = False

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def summary(self) -> str:
        skipped = (
            _("%d lignes invalides ignorées") % self.rejected
            if self.skip_invalid
            else _("%d lignes rejetées") % self.rejected
        )
        return _(
            "Extraction du %(date)s (%(enc)s) : %(lines)d lignes lues ; %(c)d établissements "
            "créés, %(u)d mis à jour, %(n)d inchangés ; %(ej)d entités juridiques créées ; "
            "%(g)d géolocalisés ; %(skipped)s ; %(a)d établissements FINESS déjà en "
            "base absents du fichier."
        ) % {
            "date": self.extracted_on,
            "enc": ENCODING_LABELS.get(self.encoding, self.encoding),
            "lines": self.lines,
            "c": self.created,
            "u": self.updated,
            "n": self.unchanged,
            "ej": self.legal_entities_created,
            "g": self.geolocated,
            "skipped": skipped,
            "a": self.absent_from_file,
        }


class FinessRejected(FinessFileError):
    """Invalid lines in a file imported all or nothing: nothing was changed. `report.rejections`
    lists every invalid line."""

    def __init__(self, report: FinessReport):
        self.report = report
        super().__init__(
            _(
                "%(r)d ligne(s) invalide(s) sur %(n)d : rien n'a été importé. Corrigez-les, ou "
                "importez les lignes valides seules en ignorant les autres."
            )
            % {"r": report.rejected, "n": report.lines}
        )


class _Departements:
    """INSEE département code -> (département id, region id), loaded once."""

    def __init__(self):
        self.by_code = {
            code: (pk, region_id)
            for code, pk, region_id in Territory.objects.departements().values_list(
                "code", "pk", "parent_id"
            )
        }
        if not self.by_code:
            raise FinessFileError(
                _("Le référentiel territorial est vide : lancez d'abord « pilote load_reference ».")
            )


def import_finess(
    path: Path,
    *,
    acting_user=None,
    progress: ProgressCallback | None = None,
    skip_invalid: bool = False,
) -> FinessReport:
    """Import a FINESS extraction file; raise FinessFileError (nothing changed) if unreadable,
    FinessRejected (nothing changed) if a line is invalid, unless `skip_invalid`: then the
    invalid lines are skipped and listed in the report."""
    reader = FinessReader(Path(path))
    report = FinessReport(
        extracted_on=reader.manifest.extracted_on.strftime("%d/%m/%Y"),
        encoding=reader.encoding,
        skip_invalid=skip_invalid,
    )
    user = history_user_or_none(acting_user)
    departements = _Departements()

    def step(name: str) -> Callable[[int], None] | None:
        return (lambda done: progress(name, done, reader.size)) if progress else None

    geolocations = _read_geolocations(reader, report, step(_("géolocalisation")))
    truncated_tail = not reader.ends_with_newline()
    lines = _Batches(reader, report, departements, skip_invalid, step(_("établissements")))
    with transaction.atomic(), lines as batches:
        for batch in batches:
            _flush(batch, geolocations, departements, report, user)
        seen, last_line, batch = batches.seen, batches.last_line, batches.tail
        if truncated_tail and any(r.line == last_line for r in report.rejections):
            raise FinessFileError(
                _(
                    "La dernière ligne (%d) est incomplète et le fichier ne se termine pas par un "
                    "saut de ligne : le fichier semble tronqué. Rien n'a été importé."
                )
                % last_line
            )
        if report.lines == 0:
            raise FinessFileError(
                _("Le fichier est vide : aucune ligne après l'en-tête. Rien n'a été importé.")
            )
        if report.rejections and not skip_invalid:
            report.rejections.sort(key=lambda r: r.line)
            raise FinessRejected(report)  # rolls back what earlier batches wrote
        if batch:
            _flush(batch, geolocations, departements, report, user)
        if not seen:
            raise FinessFileError(
                _(
                    "Aucune ligne « structureet » valide : ce fichier n'est pas une extraction "
                    "d'établissements FINESS. Rien n'a été importé."
                )
            )
        for finess_et, geo in geolocations.items():
            if finess_et not in seen:
                report.warnings.append(
                    Rejection(
                        geo.line,
                        _("géolocalisation de %s : établissement absent du fichier, ignorée")
                        % finess_et,
                    )
                )
        report.absent_from_file = _count_absent(seen)
        analyze_after_commit(Organisation, Organisation.history.model)
    report.rejections.sort(key=lambda r: r.line)
    return report


class _Batches:
    """The establishment lines read, checked and grouped by BATCH in a thread of their own,
    while the importing thread writes the previous batch: the import waits on PostgreSQL for
    about half of its time, and parsing needs no database. Iterate for the full batches to
    write (none once a line was rejected, unless `skip_invalid`); then `seen` (FINESS number ->
    line), `last_line`, and `tail`, the last partial batch, to write once the file is known
    good. An error of the reading thread is raised in the importing one."""

    def __init__(self, reader, report, departements, skip_invalid: bool, progress):
        self.reader, self.report, self.progress = reader, report, progress
        self.departements, self.skip_invalid = departements, skip_invalid
        self.seen: dict[str, int] = {}
        self.last_line = 0
        self.tail: list[Establishment] = []
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def __enter__(self) -> "_Batches":
        self._thread = threading.Thread(target=self._run, name="pilote-finess-lines", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        """On an error of the importing thread, stop reading and let the thread end."""
        self._stop.set()
        if self._thread is not None:
            while self._thread.is_alive():
                with contextlib.suppress(queue.Empty):
                    self._queue.get(timeout=0.1)
            self._thread.join()

    def __iter__(self) -> Iterator[list[Establishment]]:
        yield from iter(self._queue.get, _END)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        try:
            self._read()
        except BaseException as exc:  # noqa: BLE001 (raised again in the importing thread)
            self._error = exc
        finally:
            self._queue.put(_END)

    def _read(self) -> None:
        report, seen, known = self.report, self.seen, self.departements.by_code
        batch: list[Establishment] = []
        for line, fields in self.reader.rows(self.progress):
            if self._stop.is_set():
                return
            if not any(f.strip() for f in fields):
                continue  # a blank line: no data
            report.lines += 1
            self.last_line = line
            kind = fields[0]
            if kind == "geolocalisation":
                continue
            if kind != "structureet":
                _reject(report, Rejection(line, _("type de ligne inconnu « %s »") % kind[:40]))
                continue
            record = parse_structure(line, fields)
            if isinstance(record, Rejection):
                _reject(report, record)
                continue
            if record.finess_et in seen:
                _reject(
                    report,
                    Rejection(
                        line,
                        _("numéro FINESS %(n)s en double (déjà lu ligne %(l)d)")
                        % {"n": record.finess_et, "l": seen[record.finess_et]},
                    ),
                )
                continue
            if record.departement_code not in known:
                _reject(
                    report,
                    Rejection(
                        line,
                        _("colonne 14 (departement) : département inconnu « %s »")
                        % record.departement_code,
                    ),
                )
                continue
            seen[record.finess_et] = line
            report.warnings.extend(Rejection(line, w) for w in record.warnings)
            batch.append(record)
            if len(batch) >= BATCH:
                if self.skip_invalid or not report.rejections:  # else the file will be refused
                    self._queue.put(batch)
                batch = []
        self.tail = batch


_END = object()


def _count_absent(seen: dict[str, int]) -> int:
    in_db = Organisation.objects.filter(source=Source.FINESS, is_legal_entity=False).values_list(
        "finess_et", flat=True
    )
    return sum(1 for finess in in_db.iterator(chunk_size=5000) if finess not in seen)


def _reject(report: FinessReport, rejection: Rejection) -> None:
    report.rejections.append(rejection)


def _read_geolocations(
    reader: FinessReader, report: FinessReport, progress
) -> dict[str, Geolocation]:
    geolocations: dict[str, Geolocation] = {}
    for line, fields in reader.rows(progress):
        if fields and fields[0] == "geolocalisation":
            geo = parse_geolocation(line, fields)
            if isinstance(geo, Rejection):
                _reject(report, geo)
            else:
                geolocations[geo.finess_et] = geo
    return geolocations


def _values(record: Establishment, geo: Geolocation | None, departements: _Departements) -> dict:
    departement_id, region_id = departements.by_code[record.departement_code]
    return {
        "name": record.name,
        "long_name": record.long_name,
        "type": str(organisation_type(record.category_code, record.sph_label)),
        "finess_ej": record.finess_ej,
        "siret": record.siret,
        "address": record.address,
        "address_complement": record.address_complement,
        "postcode": record.postcode,
        "city": record.city,
        "commune_code": record.commune_code,
        "departement_id": departement_id,
        "region_id": region_id,
        "phone": record.phone,
        "category_code": record.category_code,
        "category_label": record.category_label,
        "category_group_code": record.category_group_code,
        "siret_ape": record.siret_ape,
        "sph_label": record.sph_label,
        "opened_on": record.opened_on,
        "finess_updated_on": record.finess_updated_on,
        "coord_x": geo.x if geo else None,
        "coord_y": geo.y if geo else None,
        "coord_source": geo.source if geo else "",
        "source": str(Source.FINESS),
    }


def _legal_entities(batch: list[Establishment], values: dict[str, dict], report, user) -> dict:
    """FINESS EJ number -> id of its legal-entity organisation, creating the missing ones."""
    legal_entities = Organisation.objects.filter(is_legal_entity=True)
    numbers = {r.finess_ej for r in batch}
    found = legal_entities.filter(finess_ej__in=among(numbers))
    existing = dict(found.values_list("finess_ej", "pk"))
    missing: dict[str, dict] = {}
    for record in batch:
        if record.finess_ej in existing or record.finess_ej in missing:
            continue
        v = values[record.finess_et]
        missing[record.finess_ej] = {
            "name": _("Entité juridique FINESS %s") % record.finess_ej,
            "type": str(OrganisationType.ENTITE_JURIDIQUE),
            "is_legal_entity": True,
            "finess_ej": record.finess_ej,
            "departement_id": v["departement_id"],
            "region_id": v["region_id"],
            "source": str(Source.FINESS),
        }
    if missing:
        existing.update(
            insert_with_history(
                Organisation,
                list(missing.values()),
                key="finess_ej",
                lookup=legal_entities,
                acting_user=user,
                reason=REASON,
            )
        )
        report.legal_entities_created += len(missing)
    return existing


def _flush(batch, geolocations, departements, report: FinessReport, user) -> None:
    values = {r.finess_et: _values(r, geolocations.get(r.finess_et), departements) for r in batch}
    entity_ids = _legal_entities(batch, values, report, user)
    for record in batch:
        values[record.finess_et]["legal_entity_id"] = entity_ids[record.finess_ej]
        if values[record.finess_et]["coord_x"] is not None:
            report.geolocated += 1
    # plain tuples: a re-import compares 100,000 rows, most unchanged (building a model instance
    # for each took a quarter of its time); the changed ones are updated by one executemany
    existing = {
        row[1]: row
        for row in Organisation.objects.filter(finess_et__in=among(values)).values_list(
            "pk", "finess_et", *FINESS_FIELDS
        )
    }
    to_create, changed = [], {}
    for finess_et, new in values.items():
        row = existing.get(finess_et)
        if row is None:
            to_create.append({"finess_et": finess_et, **new})
        elif any(old != new[name] for name, old in zip(FINESS_FIELDS, row[2:], strict=True)):
            changed[row[0]] = new
        else:
            report.unchanged += 1
    if to_create:
        insert_with_history(
            Organisation,
            to_create,
            key="finess_et",
            lookup=Organisation.objects.all(),
            acting_user=user,
            reason=REASON,
        )
        report.created += len(to_create)
    if changed:
        update_with_history(Organisation, FINESS_FIELDS, changed, acting_user=user, reason=REASON)
        report.updated += len(changed)
    reset_queries()  # DEBUG keeps every statement; an import must not grow with the file


def iter_report_lines(report: FinessReport) -> Iterator[str]:
    """The invalid lines (ignored ones with `skip_invalid`), then the warnings."""
    if report.skip_invalid:
        line = _("Ligne %(l)d ignorée : %(r)s")
    else:
        line = _("Ligne %(l)d invalide : %(r)s")
    for rejection in report.rejections[:MAX_REJECTIONS_SHOWN]:
        yield line % {"l": rejection.line, "r": rejection.reason}
    if report.rejected > MAX_REJECTIONS_SHOWN:
        yield _("… et %d autres lignes invalides.") % (report.rejected - MAX_REJECTIONS_SHOWN)
    for warning in report.warnings[:MAX_REJECTIONS_SHOWN]:
        yield _("Ligne %(l)d (avertissement) : %(r)s") % {"l": warning.line, "r": warning.reason}
