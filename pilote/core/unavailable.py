"""A passing outage is a 503 with a French message, never a 500 trace: the database restarted
or unreachable (the request's transaction was rolled back by the database: nothing is
half-written), or a full disk where an uploaded file is stored (the transaction that would have
recorded it is rolled back with the write).

Pages get a self-contained 503 page (no database, no static file), htmx requests a fragment for
the element they update, the API a JSON body; all with `Retry-After`. The error is still logged
(logger `pilote.unavailable`) for the operators, without being e-mailed as a bug."""

import errno
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("pilote.unavailable")
RETRY_AFTER_SECONDS = 30
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def outage_message(exception) -> str | None:
    """The French sentence for an outage, or None for any other error (a bug: a 500)."""
    if isinstance(exception, OperationalError | InterfaceError):
        return _(
            "Service momentanément indisponible : la base de données ne répond pas. Rien n'a "
            "été enregistré ; réessayez dans quelques instants."
        )
    if isinstance(exception, OSError) and exception.errno in DISK_FULL:
        return _(
            "Le fichier n'a pas pu être enregistré : l'espace de stockage du serveur est plein. "
            "Rien n'a été enregistré ; réessayez plus tard ou prévenez l'équipe Pilote."
        )
    return None


class OutageMiddleware:
    """The views' outages (the API has its own handler, `pilote.api._outage`); one raised by a
    middleware (the session read before any view) reaches `server_error`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return outage_response(request, exception)


def outage_response(request, exception) -> HttpResponse | None:
    """The 503 answer to an outage; None for any other exception."""
    message = outage_message(exception)
    if message is None:
        return None
    logger.warning("503 %s %s: %r", request.method, request.path, exception)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    elif request.headers.get("HX-Request") == "true":
        response = HttpResponse(
            render_to_string("core/_unavailable.html", {"message": message}), status=503
        )
        if request.headers.get("HX-Target") == "content":  # a whole page region
            response["HX-Reswap"] = "afterbegin show:top"  # above the form, kept
            response["HX-Reselect"] = ".fr-alert"
    else:
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """`handler500`: Django calls it inside its `except` block, so the exception is at hand. An
    outage is the 503; anything else the French 500 page (Django's own handler)."""
    import sys

    from django.views.defaults import server_error as django_server_error

    response = outage_response(request, sys.exc_info()[1])
    return response if response is not None else django_server_error(request)
