"""Imports of large data-value files in the worker (`pilote.taches`): the page or the API
stores the file and answers at once; the worker runs `import_values` (the same checks, the
same single transaction) and reports its progress on "Mes tâches"."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from pilote.indicateurs.imports import ImportRejected, ImportResult, import_values
from pilote.indicateurs.models import Campaign
from pilote.indicateurs.values import enters_any
from pilote.taches.models import Kind
from pilote.taches.services import JobFailed, Outcome, in_background, read_file, run_job, start_job


def file_lines(data: bytes, file_format: str) -> int | None:
    """Lines of a CSV file (what the threshold counts); None for the other formats, measured
    by their size only."""
    return data.count(b"\n") if file_format == "csv" else None


def runs_in_background(data: bytes, file_format: str) -> bool:
    return in_background(len(data), file_lines(data, file_format))


def describe(result: ImportResult) -> str:
    """The French summary of an import, on the page and on the job: what it wrote (or, checked
    only, would write) and in which reports (a campaign's file may fill several)."""
    if not result.rows:  # the template sent back as downloaded
        return _(
            "Aucune valeur ni aucun commentaire renseigné dans ce fichier : rien à importer. "
            "Remplissez les colonnes « valeur » ou « commentaire » des lignes à saisir."
        )
    unchanged = ngettext("%d inchangée", "%d inchangées", result.unchanged) % result.unchanged
    if result.dry_run:
        summary = _(
            "Vérification réussie : %(rows)s ; l'import créerait %(c)s, en modifierait %(u)d et "
            "en laisserait %(n)s. Rien n'a été écrit : décochez « Vérifier seulement » pour "
            "importer."
        ) % {
            "rows": ngettext("%d ligne valide", "%d lignes valides", result.rows) % result.rows,
            "c": ngettext("%d valeur", "%d valeurs", result.created) % result.created,
            "u": result.updated,
            "n": unchanged,
        }
    else:
        created = ngettext("%d valeur créée", "%d valeurs créées", result.created) % result.created
        updated = ngettext("%d modifiée", "%d modifiées", result.updated) % result.updated
        summary = _("Import réussi : %(c)s, %(u)s, %(n)s.") % {
            "c": created,
            "u": updated,
            "n": unchanged,
        }
    return f"{summary} {_reports(result.reports)}" if result.reports else summary


SHOWN_REPORTS = 5


def _reports(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_REPORTS])
    more = len(names) - SHOWN_REPORTS
    if more > 0:
        shown = ngettext("%(s)s et %(n)d autre", "%(s)s et %(n)d autres", more) % {
            "s": shown,
            "n": more,
        }
    return ngettext("Rapport concerné : %s.", "Rapports concernés : %s.", len(names)) % shown


def start_values_import(
    *,
    acting_user,
    campaign: Campaign,
    data: bytes,
    file_format: str,
    filename: str,
    dry_run: bool = False,
    back: tuple[str, str] | None = None,
):
    """Enqueue the import of a data-value file; PermissionDenied, as `import_values` would,
    for a user who may enter no report of the campaign. `back`: the URL and label of the page
    the job's outcome leads back to (by default the campaign)."""
    if not enters_any(acting_user, campaign, open_only=False):
        raise PermissionDenied(_("Vous ne saisissez aucun rapport de cette campagne."))
    verb = _("Vérification") if dry_run else _("Import")
    return start_job(
        acting_user=acting_user,
        kind=Kind.IMPORT_VALUES,
        title=_("%(verb)s de « %(file)s » — %(campaign)s")
        % {"verb": verb, "file": filename, "campaign": campaign.name},
        task=import_values_task,
        params={
            "campaign": campaign.pk,
            "format": file_format,
            "filename": filename,
            "dry_run": dry_run,
            "back_url": back[0] if back else "",
            "back_label": back[1] if back else "",
        },
        data=data,
        filename=filename,
    )


@task()
def import_values_task(job_id: int) -> str:
    return run_job(job_id, _import)


def _import(job, reporter) -> Outcome:
    params = job.params
    campaign = Campaign.objects.filter(pk=params["campaign"]).first()
    if campaign is None:
        raise JobFailed(_("La campagne de cet import n'existe plus : rien n'a été importé."))
    data = read_file(job)
    lines = file_lines(data, params["format"])
    expected = lines - 1 if lines else None

    def progress(done: int, total: int | None, writing: bool) -> None:
        if params["dry_run"]:  # written to be checked, then rolled back: the lines checked
            if total is None:
                reporter(_("vérification (rien n'est enregistré)"), done, expected, _("lignes"))
        elif total is None and writing:  # a first import writes each line once checked
            reporter(_("vérification et écriture"), done, expected, _("lignes"))
        elif total is None:
            reporter(_("lecture et vérification"), done, expected, _("lignes"))
        else:
            reporter(_("écriture des valeurs"), done, total, _("valeurs"))

    try:
        result = import_values(
            acting_user=job.user,
            campaign=campaign,
            data=data,
            file_format=params["format"],
            filename=params["filename"],
            dry_run=params["dry_run"],
            progress=progress,
        )
    except ImportRejected as exc:
        raise JobFailed(str(exc), exc.problems, exc.total) from exc
    except PermissionDenied as exc:
        raise JobFailed(str(exc)) from exc
    phase = reporter.last.phase or _("écriture des valeurs")
    reporter(phase, result.rows, result.rows, _("lignes"))
    return Outcome(
        summary=describe(result),
        url=params.get("back_url") or reverse("indicateurs:campaign", args=[campaign.pk]),
        # a job enqueued before the label was stored came from a report page
        label=params.get("back_label")
        or (_("Retour au rapport") if params.get("back_url") else _("Voir la campagne")),
        details=result.warnings,
    )
