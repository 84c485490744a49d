from pilote.enquete.perms import can_view_survey


def survey(request):
    """`can_view_survey`: whether the menu offers the survey of regional operators."""
    return {"can_view_survey": can_view_survey(getattr(request, "user", None))}
