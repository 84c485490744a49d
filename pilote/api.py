"""The REST API at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from pilote.core import api_errors, strict_json
from pilote.core.unavailable import outage_response


class StrictParser(Parser):
    """JSON bodies read by `strict_json.loads`: NaN, infinities and absurd nesting are refused
    with a French message (ninja turns any parser error into a 400, see `_http_error`)."""

    def parse_body(self, request):
        return strict_json.loads(request.body)


class StrictRenderer(JSONRenderer):
    """Responses are always valid JSON: a non-finite number is written `null`, never `NaN` or
    `Infinity` (which Python's json writes and JSON parsers refuse)."""

    def render(self, request, data, *, response_status):
        return strict_json.dumps(data, cls=self.encoder_class, **self.json_dumps_params)


api = NinjaAPI(
    title="API Pilote",
    version="1",
    description="Pilotage de la e-santé régionale : territoires, structures, portefeuilles, "
    "indicateurs. Authentification par session ou par jeton personnel (Bearer).",
    urls_namespace="api",
    docs_url="/docs",
    parser=StrictParser(),
    renderer=StrictRenderer(),
)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    """ninja's errors; a body the parser refused gets the parser's French message."""
    detail = api_errors.french_http_message(str(exc))
    if isinstance(exc.__cause__, strict_json.JsonRefused):
        detail = _("Corps de la requête refusé : %s") % exc.__cause__
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(SchemaError)
def _schema_error(request, exc):
    """A request that does not match the operation's schema: pydantic's errors in French."""
    errors = api_errors.french_errors(exc.errors)
    return api.create_response(
        request, {"detail": errors, "message": api_errors.summary(errors)}, status=422
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Action non autorisée."}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(
        request,
        {"detail": exc.message_dict if hasattr(exc, "error_dict") else exc.messages},
        status=422,
    )


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
@api.exception_handler(OSError)
def _outage(request, exc):
    """The database restarting, a full disk: 503 in French (anything else is a bug: raised)."""
    response = outage_response(request, exc)
    if response is None:
        raise exc
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Introuvable."}, status=404)


def _register():
    from pilote.acteurs.api import router as acteurs_router
    from pilote.cadre.api import router as cadre_router
    from pilote.contrats.api import router as contrats_router
    from pilote.cooperation.api import router as cooperation_router
    from pilote.cooperation.api import similar_router
    from pilote.core.health import router as health_router
    from pilote.enquete.api import router as enquete_router
    from pilote.financement.api import router as financement_router
    from pilote.gouvernance.api import router as gouvernance_router
    from pilote.indicateurs.api import router as indicateurs_router
    from pilote.portefeuille.api import public as catalogue_router
    from pilote.portefeuille.api import router as portefeuille_router
    from pilote.territoires.api import router as territoires_router

    api.add_router("", health_router)
    api.add_router("/territories", territoires_router)
    api.add_router("/organisations", acteurs_router)
    api.add_router("/framework", cadre_router)
    api.add_router("/portfolio", portefeuille_router)
    api.add_router("/portfolio", similar_router)
    api.add_router("/cooperation", cooperation_router)
    api.add_router("/catalogue", catalogue_router)
    api.add_router("/indicators", indicateurs_router)
    api.add_router("/funding", financement_router)
    api.add_router("/contracts", contrats_router)
    api.add_router("/governance", gouvernance_router)
    api.add_router("/survey", enquete_router)


_register()
