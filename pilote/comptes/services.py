"""Accounts: memberships and personal API tokens."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.comptes.models import ApiToken, Membership, User, hash_token
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
def create_api_token(*, acting_user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `acting_user`; the clear value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=acting_user, name=name.strip() or _("Jeton"), prefix=raw[:8], key_hash=hash_token(raw)
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, acting_user: User, token: ApiToken) -> None:
    if token.user_id != acting_user.pk:
        raise PermissionError
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
