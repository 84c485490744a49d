"""Who may search the history of every object."""

from pilote.comptes.access import access_for


def can_search_audit(user) -> bool:
    """Only national administrators search the whole history across apps and regions: it
    shows every account's changes, in every region, including objects a regional role may not
    read. Everyone else (national readers and every regional role) gets a 404."""
    return access_for(user).is_national_admin
