from pilote.financement.perms import can_view_funding


def funding(request):
    """`can_view_funding`: whether the menu offers the funding pages."""
    return {"can_view_funding": can_view_funding(getattr(request, "user", None))}
