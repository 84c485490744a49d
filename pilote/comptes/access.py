"""What a user may reach, computed once per request from their active memberships."""

from dataclasses import dataclass, field

from pilote.comptes.models import NATIONAL_ROLES, Membership, Role


@dataclass(frozen=True)
class Access:
    is_national: bool = False
    is_national_admin: bool = False
    roles: frozenset = frozenset()
    region_ids: frozenset = frozenset()
    # role -> region ids / organisation ids where the user holds it
    regions_by_role: dict = field(default_factory=dict)
    organisations_by_role: dict = field(default_factory=dict)

    def has_role_in_region(self, roles, region_id) -> bool:
        return any(region_id in self.regions_by_role.get(r, ()) for r in roles)

    def has_role_in_organisation(self, roles, organisation_id) -> bool:
        return any(organisation_id in self.organisations_by_role.get(r, ()) for r in roles)


NO_ACCESS = Access()


class SystemActor:
    """The acting user of a management command that loads reference or demonstration data,
    or imports a national file, on no one's behalf. It passes every permission check and is
    recorded as no user in the history. Only management commands, reference loaders and demo
    modules may use it (`tests/comptes/test_scoping_rule.py` checks); a service called with
    `acting_user=None` is refused like an anonymous visitor."""

    pk = None
    is_authenticated = False
    is_active = True

    def __str__(self) -> str:
        return "système"


SYSTEM = SystemActor()
SYSTEM_ACCESS = Access(is_national=True, is_national_admin=True)


def access_for(user) -> Access:
    """The user's access, cached on the user object for the request."""
    if user is SYSTEM:
        return SYSTEM_ACCESS
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_pilote_access", None)
    if cached is not None:
        return cached
    rows = Membership.objects.filter(
        user=user, is_active=True, organisation__is_active=True
    ).values_list("role", "organisation_id", "organisation__region_id")
    regions_by_role: dict[str, set] = {}
    orgs_by_role: dict[str, set] = {}
    for role, org_id, region_id in rows:
        orgs_by_role.setdefault(role, set()).add(org_id)
        if region_id is not None:
            regions_by_role.setdefault(role, set()).add(region_id)
    roles = frozenset(orgs_by_role)
    access = Access(
        is_national=bool(roles & NATIONAL_ROLES),
        is_national_admin=Role.NATIONAL_ADMIN in roles,
        roles=roles,
        region_ids=frozenset(
            rid
            for role, ids in regions_by_role.items()
            if role not in NATIONAL_ROLES
            for rid in ids
        ),
        regions_by_role={k: frozenset(v) for k, v in regions_by_role.items()},
        organisations_by_role={k: frozenset(v) for k, v in orgs_by_role.items()},
    )
    user._pilote_access = access
    return access
