"""One JSON line per request on stdout (logger `pilote.requests`): time, method, path, status,
duration in milliseconds, user id (or "-"). Secret parts of a path (the password-reset token)
are masked."""

import json
import logging
import time

from django.utils import timezone

logger = logging.getLogger("pilote.requests")
SECRET_URL_KWARGS = frozenset({"token"})
MASK = "***"


def _user_id(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return str(user.pk)
    return "-"


def logged_path(request) -> str:
    """The path, with the values of secret URL parameters replaced by a mask."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_KWARGS and value:
                path = path.replace(str(value), MASK)
    return path


class RequestLogMiddleware:
    """First in MIDDLEWARE, so that the duration covers the whole of Django's work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        logger.info(
            json.dumps(
                {
                    "time": timezone.now().isoformat(timespec="milliseconds"),
                    "method": request.method,
                    "path": logged_path(request),
                    "status": response.status_code,
                    "duration_ms": round(duration_ms, 1),
                    "user": _user_id(request),
                },
                ensure_ascii=False,
            )
        )
        return response
