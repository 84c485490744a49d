import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.utils.translation import gettext as _

# Public pages (published dashboards, catalogue) and the API, which authenticates on its own.
PUBLIC_PREFIXES = ("/api/", "/static/", "/public/", "/tableau-de-bord/", "/catalogue/")

SESSION_LOGIN_AT = "pilote_login_at"
SESSION_SEEN_AT = "pilote_seen_at"
# The last activity is written at most once a minute, not on every request.
SEEN_AT_RESOLUTION = 60


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login except the published ones and those marked login_not_required."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def start_session_clock(request) -> None:
    """Called at login: the session's age and idle time count from now."""
    now = time.time()
    request.session[SESSION_LOGIN_AT] = now
    request.session[SESSION_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Logs out a session idle for SESSION_IDLE_TIMEOUT seconds or opened more than
    SESSION_COOKIE_AGE seconds ago; the next page then asks for a login again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._expire_or_touch(request)
        return self.get_response(request)

    @staticmethod
    def _expire_or_touch(request) -> None:
        now = time.time()
        session = request.session
        login_at = session.get(SESSION_LOGIN_AT)
        seen_at = session.get(SESSION_SEEN_AT)
        if login_at is None or seen_at is None:
            start_session_clock(request)
            return
        if (
            now - login_at > settings.SESSION_COOKIE_AGE
            or now - seen_at > settings.SESSION_IDLE_TIMEOUT
        ):
            logout(request)
            messages.info(request, _("Votre session a expiré : reconnectez-vous."))
        elif now - seen_at >= SEEN_AT_RESOLUTION:
            session[SESSION_SEEN_AT] = now
