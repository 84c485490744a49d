"""Streaming reader of the public FINESS extraction (see docs/dev/finess.md and FORMATS.md).

It never holds the file in memory: the encoding is detected by one incremental pass, then the
rows are yielded one by one. Each problem is reported with its physical line number.
"""

import codecs
import csv
import datetime
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from pilote.acteurs.validation import siret_is_valid
from pilote.territoires.postcodes import postcode_matches_departement

FINESS_RE = re.compile(r"^[0-9][0-9A-Z][0-9]{7}$")
CATEGORY_RE = re.compile(r"^[0-9]{3}$")
STRUCTURE_FIELDS = 31  # without the trailing field of recent files
GEO_FIELDS = 6
OVERSEAS = {
    "9A": "971",
    "9B": "972",
    "9C": "973",
    "9D": "974",
    "9E": "975",
    "9F": "976",
    "9J": "986",
}
# Saint-Barthélemy and Saint-Martin appear under 9A, told apart by their postcode.
GUADELOUPE_COM_POSTCODES = {"97133": "977", "97150": "978"}
CHUNK = 1 << 20


class FinessFileError(Exception):
    """The file cannot be read as a FINESS extraction; nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    number: str
    extracted_on: datetime.date
    encoding: str


@dataclass(frozen=True, slots=True)
class Rejection:
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class Establishment:
    line: int
    finess_et: str
    finess_ej: str
    name: str
    long_name: str
    address: str
    address_complement: str
    postcode: str
    city: str
    departement_code: str
    commune_code: str
    phone: str
    category_code: str
    category_label: str
    category_group_code: str
    siret: str
    siret_ape: str
    sph_label: str
    opened_on: datetime.date | None
    finess_updated_on: datetime.date | None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Geolocation:
    line: int
    finess_et: str
    x: float
    y: float
    source: str


# the codecs detect_encoding returns, as users name their encodings
ENCODING_LABELS = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}


def detect_encoding(path: Path) -> str:
    """UTF-8 if every byte decodes as UTF-8, else Windows-1252; refuse a file that is neither."""
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return "utf-8-sig" if encoding == "utf-8" else encoding
    raise FinessFileError(
        _("Le fichier n'est ni en UTF-8 ni en Windows-1252 : ce n'est pas une extraction FINESS.")
    )


def parse_date(value: str) -> datetime.date | None:
    """ISO dates (current files) or DD/MM/YYYY (2016 files); empty is None; else ValueError."""
    value = value.strip()
    if not value:
        return None
    if "/" in value:
        return datetime.datetime.strptime(value, "%d/%m/%Y").date()  # noqa: DTZ007
    return datetime.date.fromisoformat(value)


def insee_departement(code: str, postcode: str) -> str:
    if code == "9A" and postcode in GUADELOUPE_COM_POSTCODES:
        return GUADELOUPE_COM_POSTCODES[postcode]
    return OVERSEAS.get(code, code)


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


class FinessReader:
    """Open with `FinessReader(path)`; iterate `rows()` once per pass."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise FinessFileError(_("Fichier introuvable : %s") % self.path)
        self.size = self.path.stat().st_size
        if self.size == 0 or self._blank():
            raise FinessFileError(_("Le fichier est vide."))
        self.encoding = detect_encoding(self.path)
        self.manifest = self._read_manifest()

    def _blank(self) -> bool:
        """Only spaces, line breaks or a byte order mark."""
        with self.path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                if chunk.strip(b" \t\r\n\xef\xbb\xbf"):
                    return False
        return True

    def _read_manifest(self) -> Manifest:
        with self.path.open(encoding=self.encoding, newline="") as handle:
            first = handle.readline().rstrip("\r\n")
        fields = first.split(";")
        hint = _(
            "ligne 1 : « %(line)s » ; une extraction FINESS commence par "
            "« finess;etalab;<numéro>;<AAAA-MM-JJ> »."
        ) % {"line": first[:80]}
        if len(fields) < 4 or fields[0] != "finess" or fields[1] != "etalab":
            raise FinessFileError(_("Ce fichier n'est pas une extraction FINESS (%s)") % hint)
        try:
            extracted_on = parse_date(fields[3])
        except ValueError:
            extracted_on = None
        if extracted_on is None:
            raise FinessFileError(_("Date d'extraction illisible (%s)") % hint)
        return Manifest(fields[2], extracted_on, self.encoding)

    def ends_with_newline(self) -> bool:
        with self.path.open("rb") as handle:
            handle.seek(-1, 2)
            return handle.read(1) in (b"\n", b"\r")

    def rows(self, progress=None) -> Iterator[tuple[int, list[str]]]:
        """Yield (line number, fields) for every data line after the manifest."""
        with self.path.open(encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=";", quotechar='"', strict=True)
            try:
                next(reader)
                line = 1
                for fields in reader:
                    yield line + 1, fields
                    line = reader.line_num
                    if progress is not None and line % 2000 == 0:
                        progress(handle.buffer.tell())
            except csv.Error as exc:
                raise FinessFileError(
                    _(
                        "Ligne %(line)d : structure CSV invalide (%(err)s) ; le fichier est "
                        "peut-être tronqué."
                    )
                    % {"line": reader.line_num, "err": exc}
                ) from exc
            if progress is not None:
                progress(self.size)


def parse_structure(line: int, fields: list[str]) -> Establishment | Rejection:
    """One `structureet` line, validated."""
    count = len(fields)
    if count not in (STRUCTURE_FIELDS, STRUCTURE_FIELDS + 1):
        return Rejection(
            line,
            _("%(n)d champs au lieu de %(e)d (ou %(e1)d)")
            % {"n": count, "e": STRUCTURE_FIELDS, "e1": STRUCTURE_FIELDS + 1},
        )
    f = [value.strip() for value in fields]
    if not FINESS_RE.match(f[1]):
        return Rejection(line, _("colonne 2 (nofinesset) : numéro FINESS invalide « %s »") % f[1])
    if not FINESS_RE.match(f[2]):
        return Rejection(line, _("colonne 3 (nofinessej) : numéro FINESS invalide « %s »") % f[2])
    if not f[3]:
        return Rejection(line, _("colonne 4 (rs) : raison sociale vide"))
    if not CATEGORY_RE.match(f[18]):
        return Rejection(line, _("colonne 19 (categetab) : catégorie invalide « %s »") % f[18])
    dates = {}
    for index, name in ((28, "dateouv"), (30, "datemaj")):
        try:
            dates[name] = parse_date(f[index])
        except ValueError:
            return Rejection(
                line,
                _("colonne %(c)d (%(n)s) : date invalide « %(v)s »")
                % {"c": index + 1, "n": name, "v": f[index]},
            )
    postcode, _sep, city = f[15].partition(" ")
    if not re.match(r"^[0-9]{5}$", postcode):
        postcode, city = "", f[15]
    departement = insee_departement(f[13], postcode)
    if not re.match(r"^[0-9]{3}$", f[12]):
        return Rejection(line, _("colonne 13 (commune) : code commune invalide « %s »") % f[12])
    commune = (departement[:2] if len(departement) == 3 else departement) + f[12]
    if postcode and not postcode_matches_departement(postcode, departement):
        return Rejection(
            line,
            _(
                "colonne 16 (ligneacheminement) : le code postal %(cp)s ne correspond pas au "
                "département %(dep)s (colonne 14)"
            )
            % {"cp": postcode, "dep": departement},
        )
    warnings = []
    siret = f[22]
    if siret and not siret_is_valid(siret):
        warnings.append(
            _("colonne 23 (siret) : SIRET invalide « %s » (format ou clé de contrôle) ignoré")
            % siret
        )
        siret = ""
    return Establishment(
        line=line,
        finess_et=f[1],
        finess_ej=f[2],
        name=f[3][:255],
        long_name=f[4][:255],
        address=_join(f[7], f[8], f[9], f[10])[:255],
        address_complement=_join(f[5], f[6], f[11])[:255],
        postcode=postcode,
        city=city.strip()[:120],
        departement_code=departement,
        commune_code=commune,
        phone=f[16][:20],
        category_code=f[18],
        category_label=f[19][:120],
        category_group_code=f[20][:4],
        siret=siret,
        siret_ape=f[23][:6],
        sph_label=f[27][:120],
        opened_on=dates["dateouv"],
        finess_updated_on=dates["datemaj"],
        warnings=tuple(warnings),
    )


def parse_geolocation(line: int, fields: list[str]) -> Geolocation | Rejection:
    """One `geolocalisation` line; 2016 files spread `sourcecoordet` over several fields."""
    if len(fields) < GEO_FIELDS:
        return Rejection(
            line, _("%(n)d champs au lieu de %(e)d") % {"n": len(fields), "e": GEO_FIELDS}
        )
    f = [value.strip() for value in fields]
    if not FINESS_RE.match(f[1]):
        return Rejection(line, _("colonne 2 (nofinesset) : numéro FINESS invalide « %s »") % f[1])
    try:
        x, y = float(f[2]), float(f[3])
        if not (math.isfinite(x) and math.isfinite(y)):  # "nan", "inf", 1e400
            raise ValueError(f[2])
    except ValueError:
        return Rejection(
            line,
            _("colonnes 3-4 : coordonnées invalides « %(x)s », « %(y)s »") % {"x": f[2], "y": f[3]},
        )
    try:
        parse_date(f[-1])
    except ValueError:
        return Rejection(line, _("dernière colonne (datemaj) : date invalide « %s »") % f[-1])
    return Geolocation(line, f[1], x, y, ";".join(f[4:-1])[:200])
