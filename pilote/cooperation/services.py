"""Write path of interregional cooperation: sheets, needs, pair verdicts, prior reviews,
proposals and reuse. Each function checks its rule (`perms.py`), runs in one transaction and
records history."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.cooperation import perms, review
from pilote.cooperation.models import (
    Answer,
    CooperationSheet,
    Invitation,
    Need,
    NeedEcho,
    NeedStatus,
    PairVerdict,
    PriorReview,
    Proposal,
    Reuse,
    ReviewDecision,
    ReviewThreshold,
    SimilarPair,
)
from pilote.core.history import assign, attribute, save_with_history


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- cooperation sheets ---------------------------------------------------------------------


@transaction.atomic
def save_sheet(*, acting_user, project, values: dict) -> CooperationSheet:
    """Create or change a project's cooperation sheet. Above the national threshold the sheet
    is shared whatever is asked."""
    _require(
        perms.can_edit_sheet(acting_user, project),
        _("Seule l'ARS de la région décide de ce qu'elle partage de ce projet."),
    )
    sheet = CooperationSheet.objects.filter(project=project).first() or CooperationSheet(
        project=project
    )
    changes = assign(sheet, values)
    if review.above_threshold(sheet) and not sheet.shared:
        sheet.shared = True
        changes["shared"] = (False, True)
    if changes or sheet.pk is None:
        sheet.full_clean()
        save_with_history(sheet, acting_user=acting_user, reason=_("Fiche de coopération"))
    return sheet


@transaction.atomic
def set_threshold(*, acting_user, year: int, amount: Decimal) -> ReviewThreshold:
    """The national threshold of a year; the sheets above it become shared."""
    _require(
        perms.can_coordinate(acting_user), _("Seule l'administration nationale fixe le seuil.")
    )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Le seuil doit être un montant positif.")})
    row = ReviewThreshold.objects.filter(year=year).first() or ReviewThreshold(year=year)
    row.amount = amount
    row.full_clean()
    save_with_history(row, acting_user=acting_user, reason=_("Seuil de revue nationale"))
    if year == timezone.localdate().year:
        for sheet in CooperationSheet.objects.filter(shared=False, estimated_budget__gte=amount):
            sheet.shared = True
            save_with_history(sheet, acting_user=acting_user, reason=_("Au-dessus du seuil"))
    return row


# --- needs ----------------------------------------------------------------------------------


@transaction.atomic
def declare_need(*, acting_user, need: Need) -> Need:
    _require(
        perms.can_declare_need(acting_user, need.region),
        _("Vous ne pouvez pas déclarer de besoin pour cette région."),
    )
    if need.pk is None:
        need.created_by = acting_user if getattr(acting_user, "pk", None) else None
    need.full_clean()
    save_with_history(need, acting_user=acting_user, reason=_("Besoin"))
    return need


@transaction.atomic
def echo_need(*, acting_user, need: Need, region, context: str) -> NeedEcho:
    """Another region says "nous aussi", with its own context."""
    _require(
        perms.can_echo_need(acting_user, need, region),
        _("Vous ne pouvez pas répondre « nous aussi » pour cette région."),
    )
    if not context.strip():
        raise ValidationError({"context": _("Décrivez votre contexte en quelques mots.")})
    echo = NeedEcho(
        need=need,
        region=region,
        context=context.strip(),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    echo.full_clean()
    save_with_history(echo, acting_user=acting_user, reason=_("Nous aussi"))
    return echo


@transaction.atomic
def convert_need(*, acting_user, need: Need, code: str, moa, impulsion: str = "ars"):
    """Turn a need into a project of its region (title, description, socle service)."""
    from pilote.portefeuille.services import create_project

    _require(
        perms.can_convert_need(acting_user, need),
        _("Seule l'ARS de la région transforme ce besoin en projet."),
    )
    if need.project_id:
        raise ValidationError(_("Ce besoin est déjà devenu un projet."))
    project = create_project(
        acting_user=acting_user,
        region=need.region,
        socle_services=[need.socle_service] if need.socle_service else [],
        code=code,
        title=need.title,
        description=need.description,
        moa=moa,
        impulsion=impulsion,
    )
    need.project, need.status = project, NeedStatus.PROJECT
    save_with_history(need, acting_user=acting_user, reason=_("Devenu un projet"))
    return project


# --- the national level: pairs and prior reviews ---------------------------------------------


@transaction.atomic
def judge_pair(*, acting_user, first, second, verdict: str, score: float = 0) -> SimilarPair:
    """The national verdict on two similar projects of two regions."""
    _require(perms.can_coordinate(acting_user), _("Seule l'administration nationale statue."))
    if first.region_id == second.region_id:
        raise ValidationError(_("Les deux projets doivent être de deux régions différentes."))
    if verdict not in PairVerdict.values:
        raise ValidationError({"verdict": _("Choisissez un avis.")})
    first, second = sorted((first, second), key=lambda p: p.pk)
    pair = SimilarPair.objects.filter(first=first, second=second).first() or SimilarPair(
        first=first, second=second
    )
    pair.verdict, pair.score = verdict, score
    pair.decided_by = acting_user if getattr(acting_user, "pk", None) else None
    save_with_history(pair, acting_user=acting_user, reason=pair.get_verdict_display())
    return pair


@transaction.atomic
def record_review(
    *, acting_user, project, values: dict, similar_projects=(), partner_regions=()
) -> PriorReview:
    """Record the national prior review of a project and its decision."""
    _require(
        perms.can_coordinate(acting_user),
        _("Seule l'administration nationale conduit la revue préalable."),
    )
    item = PriorReview(project=project, **values)
    item.decided_on = item.decided_on or timezone.localdate()
    item.decided_by = acting_user if getattr(acting_user, "pk", None) else None
    errors = {}
    if item.decision == ReviewDecision.COOPERATION and not partner_regions:
        errors["partner_regions"] = _("Indiquez les régions avec lesquelles coopérer.")
    if item.decision == ReviewDecision.REUSE and not item.reused_solution.strip():
        errors["reused_solution"] = _("Indiquez la solution à réutiliser.")
    if any(r.pk == project.region_id for r in partner_regions):
        errors["partner_regions"] = _("La région du projet ne coopère pas avec elle-même.")
    if errors:
        raise ValidationError(errors)
    item.full_clean()
    save_with_history(item, acting_user=acting_user, reason=_("Revue nationale préalable"))
    attribute(item, acting_user)
    item.similar_projects.set(similar_projects)
    item.partner_regions.set(partner_regions)
    return item


# --- proposals and co-carried projects ------------------------------------------------------


@transaction.atomic
def propose(*, acting_user, project, regions, message: str) -> Proposal:
    """The region of `project` proposes to `regions` to carry it together (it leads)."""
    _require(
        perms.can_propose(acting_user, project),
        _("Seule l'ARS de la région du projet propose une coopération."),
    )
    regions = [r for r in regions if r.pk != project.region_id]
    errors = {}
    if not regions:
        errors["regions"] = _("Choisissez au moins une autre région.")
    if not message.strip():
        errors["message"] = _("Écrivez la proposition.")
    if errors:
        raise ValidationError(errors)
    proposal = Proposal(project=project, message=message.strip())
    proposal.created_by = acting_user if getattr(acting_user, "pk", None) else None
    save_with_history(proposal, acting_user=acting_user, reason=_("Proposition de coopération"))
    for region in regions:
        save_with_history(
            Invitation(proposal=proposal, region=region),
            acting_user=acting_user,
            reason=_("Invitation"),
        )
    return proposal


def partner_shares(project) -> list[Invitation]:
    return list(
        Invitation.objects.filter(proposal__project=project, status=Answer.ACCEPTED)
        .select_related("region")
        .order_by("region__name")
    )


def lead_share(project) -> Decimal:
    return Decimal(100) - sum((i.cost_share or Decimal(0)) for i in partner_shares(project))


@transaction.atomic
def answer(
    *,
    acting_user,
    invitation: Invitation,
    accept: bool,
    reason: str = "",
    cost_share: Decimal | None = None,
) -> Invitation:
    """The invited region accepts (with its share of the costs: the project becomes co-carried
    and shows in its portfolio) or declines (with a reason)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _require(
        perms.can_answer(acting_user, invitation),
        _("Seule l'ARS de la région invitée répond à cette proposition."),
    )
    if invitation.status != Answer.PENDING:
        raise ValidationError(_("Votre région a déjà répondu à cette proposition."))
    project = invitation.proposal.project
    if accept:
        if cost_share is None or not (Decimal(0) <= cost_share <= Decimal(100)):
            raise ValidationError(
                {"cost_share": _("Indiquez la part des coûts de votre région, entre 0 et 100 %.")}
            )
        if cost_share > lead_share(project):
            raise ValidationError(
                {
                    "cost_share": _("La part dépasse ce qui reste à la région pilote (%s %%).")
                    % lead_share(project)
                }
            )
    elif not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif du refus.")})
    invitation.status = Answer.ACCEPTED if accept else Answer.DECLINED
    invitation.reason, invitation.cost_share = reason.strip(), cost_share if accept else None
    invitation.answered_by = acting_user if getattr(acting_user, "pk", None) else None
    invitation.answered_at = timezone.now()
    save_with_history(invitation, acting_user=acting_user, reason=invitation.get_status_display())
    if accept:
        project.other_regions.add(invitation.region)
        save_with_history(
            project,
            acting_user=acting_user,
            reason=_("Coportage accepté par %(r)s (%(s)s %% des coûts)")
            % {"r": invitation.region.name, "s": cost_share},
        )
    return invitation


# --- reuse ----------------------------------------------------------------------------------


@transaction.atomic
def declare_reuse(*, acting_user, reuse: Reuse) -> Reuse:
    _require(
        perms.can_declare_reuse(acting_user, reuse.region),
        _("Vous ne pouvez pas déclarer de réutilisation pour cette région."),
    )
    if reuse.service_id and reuse.service.region_id == reuse.region_id:
        raise ValidationError({"service": _("Choisissez un service d'une autre région.")})
    reuse.created_by = acting_user if getattr(acting_user, "pk", None) else None
    reuse.full_clean()
    save_with_history(reuse, acting_user=acting_user, reason=_("Réutilisation"))
    return reuse
