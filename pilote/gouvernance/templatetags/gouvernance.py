from django import template

from pilote.gouvernance.pages import project_decisions as decisions_about

register = template.Library()


@register.simple_tag(takes_context=True)
def project_decisions(context, project):
    """The decisions about `project` in the bodies the page's user reads."""
    return list(decisions_about(context["request"].user, project))


@register.simple_tag
def public_meetings(region):
    """The meetings of the public bodies of `region` (the public dashboard of the region)."""
    from pilote.gouvernance.pages import public_meetings as meetings_of

    return list(meetings_of(region))
