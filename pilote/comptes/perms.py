"""Who may do what with accounts, tokens and the login activity."""

from pilote.comptes.access import access_for


def can_administer(user) -> bool:
    """The Django admin (reference data, accounts, memberships) is reserved to active national
    administrators."""
    return bool(user and user.is_active) and access_for(user).is_national_admin


def can_create_api_token(user) -> bool:
    """Any active account may create tokens for itself; a token never holds more than its
    owner's rights."""
    return bool(user and user.is_authenticated and user.is_active)


def can_revoke_api_token(user, token) -> bool:
    """Only the owner revokes a token from Pilote (a national administrator lifts an account's
    access by deactivating it, which refuses its tokens too)."""
    return can_create_api_token(user) and token.user_id == user.pk


def can_view_login_activity(user) -> bool:
    """Logins, failures and lock-outs of every account: national administrators only."""
    return access_for(user).is_national_admin


def can_lift_lockout(user) -> bool:
    """Lifting a login lock-out before its end: national administrators only."""
    return access_for(user).is_national_admin
