from django.utils import formats, timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer, SessionAuth

from pilote.comptes.services import record_api_token_use, usable_api_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """`Authorization: Bearer plt_…` with a personal token created on /comptes/jetons/.

    An unknown, revoked or expired token is a 401; a read-only token is a 403 on any method
    that could change data."""

    def authenticate(self, request, token):
        api_token = usable_api_token(token)
        if api_token is None:
            raise AuthenticationError(message=_("Jeton d'API inconnu ou révoqué."))
        if api_token.is_expired:
            expired_on = formats.date_format(
                timezone.localtime(api_token.expires_at), "SHORT_DATETIME_FORMAT"
            )
            raise AuthenticationError(
                message=_(
                    "Ce jeton d'API a expiré le %(date)s : créez-en un nouveau sur "
                    "/comptes/jetons/."
                )
                % {"date": expired_on}
            )
        if api_token.is_read_only and request.method not in SAFE_METHODS:
            raise AuthorizationError(
                message=_("Ce jeton d'API est en lecture seule : il ne permet pas de modifier.")
            )
        record_api_token_use(api_token)
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


AUTH = [TokenAuth(), SessionAuth()]
