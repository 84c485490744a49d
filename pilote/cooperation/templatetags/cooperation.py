from collections import defaultdict

from django import template

register = template.Library()


@register.simple_tag
def reused_in(services):
    """{service pk: [names of the regions that declared they reuse it]} in one query."""
    from pilote.cooperation.models import Reuse

    found = defaultdict(list)
    rows = Reuse.objects.filter(service__in=list(services)).order_by("region__name")
    for service_id, name in rows.values_list("service_id", "region__name"):
        found[service_id].append(name)
    return dict(found)


@register.filter
def regions_of(mapping, key):
    return mapping.get(key, []) if mapping else []


@register.simple_tag(takes_context=True)
def project_cooperation(context, project):
    """What the project page shows of cooperation: its sheet, similar items, the review."""
    from pilote.cooperation import pages, review, similarity
    from pilote.cooperation.models import CooperationSheet
    from pilote.cooperation.services import partner_shares

    user = context["request"].user
    sheet = CooperationSheet.objects.filter(project=project).first()
    return {
        "sheet": sheet,
        "similar": pages.matches_for(user, similarity.similar_to_project(user, project, limit=5)),
        "review_required": review.sheet_requires_review(sheet),
        "latest_review": review.latest_review(project),
        "partners": partner_shares(project),
    }
