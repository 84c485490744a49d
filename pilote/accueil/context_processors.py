from pilote.accueil.todo import badge_count


def todo(request):
    """The header's count of tasks: computed only when a template shows it, kept a minute in
    the session (`badge_count`); the home page's list shares the same computation."""
    if not getattr(getattr(request, "user", None), "is_authenticated", False):
        return {}
    return {"todo_count": lambda: badge_count(request)}
