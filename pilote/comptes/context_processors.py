from pilote.audit import perms as audit_perms
from pilote.comptes import perms
from pilote.comptes.access import access_for
from pilote.territoires.regions import current_region, in_french_order, selectable_regions


def current_access(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = access_for(user)
    return {
        "access": access,
        "can_administer": perms.can_administer(user),
        "can_view_login_activity": perms.can_view_login_activity(user),
        "can_search_audit": audit_perms.can_search_audit(user),
        "current_region": current_region(request),
        "selectable_regions": in_french_order(selectable_regions()) if access.is_national else (),
        "main_membership": user.memberships.filter(is_active=True)
        .select_related("organisation")
        .order_by("pk")
        .first(),
    }
