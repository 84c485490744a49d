"""Import of data-value sets: check every row (the dry run lists every problem by line and
column), then write everything in one transaction, or nothing. Reading the files (CSV, XLSX,
JSON) and the XLSX template are in `files.py`, the row checks in `import_checks.py`."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.comptes.scoping import readable_region_ids
from pilote.core.bulk import (
    analyze_after_commit,
    insert_rows,
    stream_writer,
    update_with_history,
)
from pilote.indicateurs.analytics import native_codes
from pilote.indicateurs.files import (  # re-exported: the import API of this app
    READERS,
    ImportRejected,
    Problem,
    xlsx_template,
)
from pilote.indicateurs.import_checks import (
    COMMENT,
    INSERT_FIELDS,
    REPORT,
    TEXT,
    VALUE,
    Checks,
    check_rows,
)
from pilote.indicateurs.models import Campaign, DataValue, ImportJob
from pilote.indicateurs.periods import parse
from pilote.indicateurs.values import enters_any, rule_violations
from pilote.territoires.services import region_of

__all__ = ["ImportRejected", "ImportResult", "Problem", "import_values", "xlsx_template"]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  # the reports written to (or would be)
    report_ids: set | None = None  # their ids, when a comparison left some rows unchanged


def import_values(
    *,
    acting_user,
    campaign: Campaign,
    data: bytes,
    file_format: str,
    filename: str = "",
    dry_run: bool = False,
    progress=None,
) -> ImportResult:
    """Check then write a data-value set, in one transaction. Any problem: ImportRejected,
    nothing written. A dry run does everything, then rolls back: its figures and its warnings
    (validation rules the reports would break) are those of the real import."""
    if file_format not in READERS:
        raise ImportRejected(
            [Problem(1, "", _("format inconnu « %s » (csv, xlsx ou json)") % file_format)]
        )
    if not enters_any(acting_user, campaign, open_only=False):
        raise PermissionDenied(_("Vous ne saisissez aucun rapport de cette campagne."))
    rows = READERS[file_format](data)
    try:
        with transaction.atomic():
            # one import at a time per campaign: the second waits, then sees the first's values
            Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
            checks = Checks(campaign, acting_user)
            result = _check_and_write(rows, checks, progress)
            touched = checks.touched_reports(result.report_ids)
            result.warnings = _rule_warnings(touched)
            result.reports = [r.reporter_label for r in touched]
            if dry_run:  # everything was written and checked: undo it, keep the figures
                result.dry_run = True
                raise _DryRun(result)
            analyze_after_commit(DataValue, rows=result.created + result.updated)
            ImportJob.objects.create(
                campaign=campaign,
                user=acting_user,
                filename=filename[:255],
                file_format=file_format,
                rows=result.rows,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
            )
    except _DryRun as done:
        return done.result
    return result


class _DryRun(Exception):
    def __init__(self, result: ImportResult):
        super().__init__("dry run")
        self.result = result


def _check_and_write(rows, checks: Checks, progress) -> ImportResult:
    """Check every row and write the values; ImportRejected (the caller's transaction rolls
    back) if any row has a problem."""
    if _streams(checks.campaign, checks.user):
        checks.preload()
        with stream_writer(DataValue._meta.db_table, _columns()) as write:
            sink = _counted(write, progress, writing=True)
            count, problems, total = check_rows(rows, checks=checks, sink=sink)
            if problems:  # raised inside: the writer abandons what it has not written yet
                raise ImportRejected(problems, total)
        return ImportResult(rows=count, created=count)
    clean: list[tuple] = []
    count, problems, total = check_rows(rows, checks=checks, sink=_counted(clean.append, progress))
    if problems:
        raise ImportRejected(problems, total)
    result = ImportResult(rows=count)
    _write(clean, checks.user, result, progress)
    return result


def _rule_warnings(reports) -> list[str]:
    """The validation rules the imported reports now break (blocking ones will stop their
    submission)."""
    warnings = []
    for report in reports:
        for _severity, message in rule_violations(report):
            warnings.append(f"{report.reporter_label} : {message}")
    return warnings


def _streams(campaign: Campaign, user) -> bool:
    """When no value is stored yet in the campaign's periods for the regions the user may
    import into (a first import: the large case), values are written while they are checked
    (`stream_writer`), and a problem rolls them all back. Otherwise they are compared with the
    stored ones first (created, updated, unchanged)."""
    regions = {region_of(r.region).pk for r in campaign.reports.select_related("region")}
    readable = readable_region_ids(user)
    if readable is not None:
        regions &= set(readable)
    periods = native_codes(parse(campaign.period))
    return not DataValue.objects.in_regions(regions).filter(period__in=periods).exists()


WRITE_BATCH = 50_000  # values written between two reports of progress


def _counted(write, progress, *, writing: bool = False, every: int = 10_000):
    """`write` that reports `progress(done, None, writing)` every `every` rows checked
    (`writing`: each checked row is written at once, a first import)."""
    if progress is None:
        return write
    done = 0

    def counted(row) -> None:
        nonlocal done
        write(row)
        done += 1
        if done % every == 0:
            progress(done, None, writing)

    return counted


def _columns() -> list[str]:
    fields = [f for f in DataValue._meta.concrete_fields if not f.primary_key]
    assert tuple(f.attname for f in fields) == INSERT_FIELDS, "DataValue columns changed"
    return [f.column for f in fields]


def _write(clean: list[tuple], user, result: ImportResult, progress) -> None:
    periods = {c[5] for c in clean}
    regions = {c[4] for c in clean}
    existing = {}
    present = DataValue.objects.in_regions(regions).filter(period__in=periods)
    if present.exists():
        for pk, *key, value, text, comment in present.values_list(
            "pk",
            "data_element_id",
            "option",
            "territory_id",
            "organisation_id",
            "period",
            "value",
            "text_value",
            "comment",
        ).iterator(chunk_size=20000):
            existing[tuple(key)] = (pk, value, text, comment)
    if existing:
        to_create, to_update = [], []
        for c in clean:
            old = existing.get(c[:4] + (c[5],))
            if old is None:
                to_create.append(c)
                continue
            # an empty cell keeps what is stored: the XLSX template's « valeur » and
            # « commentaire » are empty (what is stored stands beside them, as information),
            # and a file filled from it must not erase what was typed on the report page (a
            # row giving only a comment keeps the value, and the reverse)
            stored = (c[VALUE], c[TEXT]) if c[VALUE] is not None or c[TEXT] else old[1:3]
            new = (*stored, c[COMMENT] or old[3])
            if old[1:] != new:
                to_update.append((old[0], c, new))
            else:
                result.unchanged += 1
    else:
        to_create, to_update = clean, []
    # one count over the creations and the updates: the progress never goes back
    written, to_write = 0, len(to_create) + len(to_update)
    columns = _columns()
    for start in range(0, len(to_create), WRITE_BATCH):
        batch = to_create[start : start + WRITE_BATCH]
        insert_rows(DataValue._meta.db_table, columns, batch)
        written += len(batch)
        if progress:
            progress(written, to_write, True)
    result.created = len(to_create)
    # the reports written to: not those whose rows were all unchanged
    result.report_ids = {c[REPORT] for c in to_create} | {c[REPORT] for _pk, c, _n in to_update}
    now = timezone.now()  # a new version: a form opened before the import sees a conflict
    user_id = user.pk if user is not None else None
    for start in range(0, len(to_update), WRITE_BATCH):
        changed = {
            pk: {
                "value": value,
                "text_value": text,
                "comment": comment,
                "report_id": c[REPORT],
                "updated_by_id": user_id,
                "updated_at": now,
            }
            for pk, c, (value, text, comment) in to_update[start : start + WRITE_BATCH]
        }
        update_with_history(
            DataValue,
            ["value", "text_value", "comment", "report_id", "updated_by_id", "updated_at"],
            changed,
            acting_user=user,
            reason=_("Import"),
        )
        result.updated += len(changed)
        written += len(changed)
        if progress:
            progress(written, to_write, True)
