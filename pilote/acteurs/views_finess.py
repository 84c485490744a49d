"""Import of the national FINESS extraction from the web (national administrator): a large
file goes to the worker and the user follows it on "Mes tâches"; a small one is imported
during the request."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pilote.acteurs import perms
from pilote.acteurs.finess_import import FinessRejected, iter_report_lines
from pilote.acteurs.finess_jobs import import_finess_now, refusal, start_finess_import
from pilote.acteurs.finess_reader import FinessFileError
from pilote.acteurs.forms import FinessImportForm
from pilote.core.pages import REFUSED, run_service
from pilote.taches.services import in_background


def finess_import(request):
    if not perms.can_import_finess(request.user):
        raise Http404
    form = FinessImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "title": _("Importer une extraction FINESS")}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        skip_invalid = form.cleaned_data["skip_invalid"]
        if in_background(upload.size) or in_background(upload.size, _lines(upload)):
            job = run_service(
                request,
                lambda: start_finess_import(
                    acting_user=request.user,
                    data=upload,  # stored by chunks: a national extraction is ~100 MB
                    filename=upload.name,
                    skip_invalid=skip_invalid,
                ),
                _("Fichier volumineux : l'import se poursuit en arrière-plan. Suivez-le ici."),
            )
            if job is not REFUSED:
                return redirect("taches:detail", pk=job.pk)
            return redirect("acteurs:finess_import")
        try:
            report = import_finess_now(
                acting_user=request.user, data=upload.read(), skip_invalid=skip_invalid
            )
        except FinessRejected as exc:
            context.update(error=refusal(exc), lines=list(iter_report_lines(exc.report)))
            return render(request, "acteurs/finess_import.html", context, status=422)
        except FinessFileError as exc:
            context["error"] = str(exc)
            return render(request, "acteurs/finess_import.html", context, status=422)
        messages.success(request, report.summary())
        context.update(lines=list(iter_report_lines(report)), done=True)
    return render(request, "acteurs/finess_import.html", context)


def _lines(upload) -> int:
    """Lines of a small upload (below the size threshold)."""
    upload.seek(0)
    count = sum(chunk.count(b"\n") for chunk in upload.chunks())
    upload.seek(0)
    return count
