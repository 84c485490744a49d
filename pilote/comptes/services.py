"""Accounts: memberships, personal API tokens and login lock-outs."""

import datetime

from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.comptes import perms, throttling
from pilote.comptes.models import (
    TOKEN_MAX_DAYS,
    ApiToken,
    LockoutLift,
    Membership,
    TokenScope,
    User,
    hash_token,
)
from pilote.core.history import save_with_history


@transaction.atomic
def grant_membership(*, acting_user, user: User, organisation, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    if created or not membership.is_active:
        membership.is_active = True
        save_with_history(membership, acting_user=acting_user, reason=_("Habilitation accordée"))
    return membership


@transaction.atomic
def create_api_token(
    *, acting_user: User, name: str, scope: str, valid_days: int
) -> tuple[ApiToken, str]:
    """Create a token for `acting_user`, valid `valid_days` days (one year at most); the clear
    value is returned once and never stored."""
    if not perms.can_create_api_token(acting_user):
        raise PermissionDenied(_("Ce compte ne peut pas créer de jeton."))
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Portée inconnue.")})
    if not 1 <= valid_days <= TOKEN_MAX_DAYS:
        raise ValidationError(
            {"valid_days": _("Un jeton vit de 1 à %(max)s jours.") % {"max": TOKEN_MAX_DAYS}}
        )
    raw = ApiToken.generate()
    token = ApiToken(
        user=acting_user,
        name=name.strip() or _("Jeton"),
        prefix=raw[:8],
        key_hash=hash_token(raw),
        scope=scope,
        expires_at=timezone.now() + datetime.timedelta(days=valid_days),
    )
    save_with_history(token, acting_user=acting_user, reason=_("Jeton créé"))
    return token, raw


@transaction.atomic
def revoke_api_token(*, acting_user: User, token: ApiToken) -> None:
    if not perms.can_revoke_api_token(acting_user, token):
        raise PermissionDenied(_("Vous ne pouvez révoquer que vos propres jetons."))
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    save_with_history(token, acting_user=acting_user, reason=_("Jeton révoqué"))


def usable_api_token(raw: str) -> ApiToken | None:
    """The unrevoked token of an active account whose clear value is `raw`, expired or not."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def record_api_token_use(token: ApiToken) -> None:
    """Note the token's last use, at most once a minute (not a business change: no history)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def lift_lockout(*, acting_user: User, email: str | None, ip_address: str | None) -> LockoutLift:
    """End the login lock-out of `email` from `ip_address` now; the lift is recorded."""
    if not perms.can_lift_lockout(acting_user):
        raise PermissionDenied(_("Seul un administrateur national lève un blocage de connexion."))
    lockout = throttling.active_lockouts().filter(**throttling.pair_filter(email, ip_address))
    lockout = lockout.first()
    if lockout is None:
        raise ValidationError(_("Ce blocage a déjà pris fin."))
    lift = LockoutLift(
        email=email or "",
        ip_address=ip_address,
        failures=lockout["failures"],
        last_failure_at=lockout["last_failure_at"],
        lifted_by=acting_user,
    )
    save_with_history(lift, acting_user=acting_user, reason=_("Blocage de connexion levé"))
    AccessAttempt.objects.filter(**throttling.pair_filter(email, ip_address)).delete()
    return lift
