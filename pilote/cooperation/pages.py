"""Read helpers shared by the pages, the API and the notices."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from pilote.cooperation import similarity
from pilote.cooperation.models import Answer, CooperationSheet, Invitation, Need, Proposal
from pilote.portefeuille.models import Project


def readable_sheet_or_404(user, project_pk) -> tuple[Project, CooperationSheet | None]:
    """The project and its sheet, if `user` reads the sheet (shared, or of their region) or the
    project itself (its region then sees the empty sheet to fill)."""
    sheet = (
        CooperationSheet.objects.visible_to(user)
        .select_related("project__region", "project__moa")
        .filter(project_id=project_pk)
        .first()
    )
    if sheet is not None:
        return sheet.project, sheet
    project = get_object_or_404(Project.objects.visible_to(user), pk=project_pk)
    return project, None


def readable_need_or_404(user, pk) -> Need:
    return get_object_or_404(
        Need.objects.visible_to(user).select_related("region", "socle_service", "project"), pk=pk
    )


def matches_for(user, matches):
    """Rows for a template: each match with its URL (sheet or need page)."""
    from django.urls import reverse

    rows = []
    for match in matches:
        item = match.item
        url = (
            reverse("cooperation:sheet", args=[item.pk])
            if item.kind == similarity.PROJECT
            else reverse("cooperation:need", args=[item.pk])
        )
        rows.append({"item": item, "score": match.score, "reasons": match.reasons, "url": url})
    return rows


def pending_invitations(user, regions):
    """Invitations awaiting an answer from `regions`."""
    return (
        Invitation.objects.filter(status=Answer.PENDING)
        .in_regions(regions)
        .filter(proposal__in=Proposal.objects.visible_to(user))
        .select_related("proposal__project__region", "region")
    )


def proposal_or_404(user, pk) -> Proposal:
    proposal = Proposal.objects.visible_to(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal
