"""Who may change which notification preferences."""


def can_edit_preferences(user, owner) -> bool:
    """Each user chooses the e-mails they receive, for themselves only (an administrator
    neither mutes nor subscribes someone else)."""
    return getattr(user, "is_authenticated", False) and owner is not None and user.pk == owner.pk
