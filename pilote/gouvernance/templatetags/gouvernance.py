from django import template

from pilote.gouvernance.pages import project_decisions as decisions_about

register = template.Library()


@register.simple_tag(takes_context=True)
def project_decisions(context, project):
    """The decisions about `project` in the bodies the page's user reads."""
    return list(decisions_about(context["request"].user, project))
