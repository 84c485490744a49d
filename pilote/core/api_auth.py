from ninja.security import HttpBearer, SessionAuth

from pilote.comptes.services import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer plt_…` with a personal token created on /comptes/jetons/."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), SessionAuth()]
