from pilote.accueil.todo import todo_count


def todo(request):
    """`todo_count` for the header: computed only when a template shows it, once per request
    (the home page's list shares the same computation)."""
    if not getattr(getattr(request, "user", None), "is_authenticated", False):
        return {}
    return {"todo_count": lambda: todo_count(request)}
