"""Write path for the regional portfolio: projects, gates, compliance, convergence, catalogue."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.cadre.models import FrameworkVersion
from pilote.core.history import assign, attribute, save_with_history
from pilote.portefeuille import perms, signals
from pilote.portefeuille.models import (
    PHASE_ORDER,
    ComplianceItem,
    DigitalService,
    DocumentKind,
    GateDecision,
    GateStatus,
    Health,
    Phase,
    Programme,
    Project,
    ServiceStatus,
    Strategy,
)


class CommitmentRefused(ValidationError):
    """A financial commitment asked for a project whose opportunity study is not approved."""


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _check_health(project: Project) -> None:
    if project.health != Health.ON_TRACK and not project.health_reason.strip():
        raise ValidationError(
            {
                "health_reason": _("Indiquez le motif de la météo « %s ».")
                % project.get_health_display()
            }
        )


def _check_owners(project: Project) -> None:
    """The MOA and the delegated MOA are organisations of the project's region (instruction of
    2017, § I.C: the region's actors carry its projects); otherwise the project owner of an
    establishment of another region would edit a project they cannot see."""
    errors = {}
    for field in ("moa", "moa_delegate"):
        organisation = getattr(project, field)
        if organisation is not None and organisation.region_id != project.region_id:
            errors[field] = _("« %(o)s » n'est pas une structure de la région %(r)s.") % {
                "o": organisation,
                "r": project.region,
            }
    if errors:
        raise ValidationError(errors)


# --- projects -----------------------------------------------------------------------------


@transaction.atomic
def create_project(
    *, acting_user, region, socle_services=(), relations: dict | None = None, **values
) -> Project:
    _require(
        perms.can_create_project(acting_user, region),
        _("Vous ne pouvez pas créer de projet dans cette région."),
    )
    project = Project(region=region, **values)
    _check_health(project)
    _check_owners(project)
    project.full_clean()
    save_with_history(project, acting_user=acting_user, reason=_("Création"))
    _set_relations(
        project, acting_user, {"socle_services": list(socle_services), **(relations or {})}, {}
    )
    return project


def _set_relations(project: Project, acting_user, relations: dict, changes: dict) -> None:
    for name, objects in relations.items():
        if objects is None:
            continue
        if set(objects) != set(getattr(project, name).all()):
            attribute(project, acting_user)
            getattr(project, name).set(objects)
            changes[name] = (None, [str(o) for o in objects])


@transaction.atomic
def update_project(
    *,
    acting_user,
    project: Project,
    values: dict,
    socle_services=None,
    relations: dict | None = None,
) -> dict:
    """Change a project's description fields; the phase only changes through a gate."""
    _require(
        perms.can_edit_project(acting_user, project), _("Vous ne pouvez pas modifier ce projet.")
    )
    if "phase" in values or "region" in values:
        raise ValidationError(_("La phase change par une décision de passage, pas par édition."))
    changes = assign(project, values)
    _check_health(project)
    _check_owners(project)
    if changes:
        project.full_clean()
        save_with_history(project, acting_user=acting_user, reason=_("Modification"))
    _set_relations(
        project, acting_user, {"socle_services": socle_services, **(relations or {})}, changes
    )
    return changes


@transaction.atomic
def save_child(*, acting_user, project: Project, child, reason: str = ""):
    """Add or change a milestone, risk, staffing line or document of a project."""
    _require(
        perms.can_edit_project(acting_user, project), _("Vous ne pouvez pas modifier ce projet.")
    )
    child.project = project
    child.full_clean()
    save_with_history(
        child,
        acting_user=acting_user,
        reason=reason or (_("Modification") if child.pk else _("Ajout")),
    )
    return child


@transaction.atomic
def delete_child(*, acting_user, child) -> None:
    _require(
        perms.can_edit_project(acting_user, child.project),
        _("Vous ne pouvez pas modifier ce projet."),
    )
    attribute(child, acting_user)
    child.delete()


# --- gates --------------------------------------------------------------------------------


def next_phase(project: Project) -> str | None:
    if project.phase == Phase.ARRETE or project.phase == PHASE_ORDER[-1]:
        return None
    return PHASE_ORDER[PHASE_ORDER.index(project.phase) + 1]


def opportunity_study_approved(project: Project) -> bool:
    return (
        project.gates.filter(status=GateStatus.APPROVED, from_phase=Phase.OPPORTUNITE)
        .exclude(to_phase=Phase.ARRETE)
        .exists()
    )


# Further conditions of a financial commitment, registered by the apps that set them (the
# national prior review of `cooperation`, registered in its AppConfig.ready): each is called
# with the project and raises CommitmentRefused.
commitment_checks: list = []


def check_commitment_allowed(project: Project) -> None:
    """Called by the funding module before any financial commitment on a project.

    Instruction of 2017 (§ II.D): "la qualification systématique de la création de valeur d'un
    projet (étude d'opportunité) avant tout engagement financier"."""
    if project.phase == Phase.ARRETE:
        raise CommitmentRefused(
            _("Le projet %s est arrêté : aucun engagement n'est possible.") % project.code
        )
    if not opportunity_study_approved(project):
        raise CommitmentRefused(
            _(
                "Engagement refusé : l'étude d'opportunité du projet %(code)s n'est pas approuvée "
                "(phase actuelle : %(phase)s). L'instruction de 2017 interdit tout engagement "
                "financier avant l'approbation de l'étude d'opportunité."
            )
            % {"code": project.code, "phase": project.get_phase_display()}
        )
    for check in commitment_checks:
        check(project)


def _gate_prerequisites(project: Project, to_phase: str) -> None:
    if (
        to_phase == Phase.CADRAGE
        and not project.documents.filter(kind=DocumentKind.OPPORTUNITE).exists()
    ):
        raise ValidationError(
            _("Joignez l'étude d'opportunité au projet avant de demander le passage en cadrage.")
        )
    if to_phase == Phase.REALISATION:
        version = FrameworkVersion.objects.in_force()
        undecided = compliance_items(project, version).filter(applicable__isnull=True).count()
        if undecided or not compliance_items(project, version).exists():
            raise ValidationError(
                _(
                    "Complétez la grille de conformité au cadre commun avant la "
                    "réalisation (%d point(s) sans réponse)."
                )
                % undecided
            )


@transaction.atomic
def request_gate(*, acting_user, project: Project, to_phase: str, note: str = "") -> GateDecision:
    """Ask for the next phase (or to stop the project)."""
    _require(
        perms.can_edit_project(acting_user, project),
        _("Vous ne pouvez pas demander de passage de phase pour ce projet."),
    )
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.gates.filter(status=GateStatus.REQUESTED).exists():
        raise ValidationError(_("Une demande de passage est déjà en attente de décision."))
    if to_phase != Phase.ARRETE and to_phase != next_phase(project):
        raise ValidationError(
            _("Passage impossible de « %(f)s » à « %(t)s » : les phases se suivent dans l'ordre.")
            % {"f": project.get_phase_display(), "t": Phase(to_phase).label}
        )
    if project.phase == Phase.ARRETE:
        raise ValidationError(_("Le projet est arrêté."))
    _gate_prerequisites(project, to_phase)
    gate = GateDecision(
        project=project,
        from_phase=project.phase,
        to_phase=to_phase,
        requested_by=acting_user,
        request_note=note,
    )
    save_with_history(gate, acting_user=acting_user, reason=_("Demande de passage"))
    signals.gate_requested.send(GateDecision, gate=gate, acting_user=acting_user)
    return gate


@transaction.atomic
def decide_gate(*, acting_user, gate: GateDecision, approve: bool, basis: str) -> GateDecision:
    """Approve or refuse a requested gate; approving moves the project to the new phase."""
    gate = GateDecision.objects.select_for_update().select_related("project").get(pk=gate.pk)
    _require(
        perms.can_decide_gate(acting_user, gate),
        _("Cette décision revient à l'ARS ou à la MOA déléguée, et jamais au demandeur."),
    )
    if gate.status != GateStatus.REQUESTED:
        raise ValidationError(_("Cette demande a déjà été décidée."))
    if not basis.strip():
        raise ValidationError(_("Indiquez le fondement de la décision (comité, document, avis)."))
    gate.status = GateStatus.APPROVED if approve else GateStatus.REFUSED
    gate.decided_by = acting_user
    gate.decided_at = timezone.now()
    gate.decision_basis = basis
    save_with_history(gate, acting_user=acting_user, reason=_("Décision"))
    if approve:
        project = gate.project
        project.phase = gate.to_phase
        save_with_history(
            project,
            acting_user=acting_user,
            reason=_("Passage %(f)s → %(t)s décidé : %(b)s")
            % {"f": gate.get_from_phase_display(), "t": gate.get_to_phase_display(), "b": basis},
        )
        if project.phase == Phase.PRODUCTION:
            publish_in_catalogue(acting_user=acting_user, project=project)
        elif project.phase == Phase.ARRETE and hasattr(project, "catalogue_entry"):
            entry = project.catalogue_entry
            entry.status = ServiceStatus.RETIRED
            save_with_history(entry, acting_user=acting_user, reason=_("Projet arrêté"))
    signals.gate_decided.send(GateDecision, gate=gate, acting_user=acting_user)
    return gate


# --- compliance ---------------------------------------------------------------------------


def compliance_items(project: Project, version: FrameworkVersion | None):
    qs = ComplianceItem.objects.filter(project=project)
    if version is None:
        return qs.none()
    from django.db.models import Q

    return qs.filter(Q(referentiel__version=version) | Q(principle__version=version))


@transaction.atomic
def ensure_checklist(*, acting_user, project: Project):
    """The checklist against the framework version in force, created on first use."""
    version = FrameworkVersion.objects.in_force()
    if version is None:
        return ComplianceItem.objects.none()
    present_refs = set(compliance_items(project, version).values_list("referentiel_id", flat=True))
    present_principles = set(
        compliance_items(project, version).values_list("principle_id", flat=True)
    )
    for referentiel in version.referentiels.all():
        if referentiel.pk not in present_refs:
            save_with_history(
                ComplianceItem(project=project, referentiel=referentiel),
                acting_user=acting_user,
                reason=_("Grille %d") % version.year,
            )
    for principle in version.principles.all():
        if principle.pk not in present_principles:
            save_with_history(
                ComplianceItem(project=project, principle=principle),
                acting_user=acting_user,
                reason=_("Grille %d") % version.year,
            )
    return compliance_items(project, version).select_related("referentiel", "principle")


@transaction.atomic
def update_compliance(
    *, acting_user, item: ComplianceItem, applicable, met, evidence="", comment=""
) -> ComplianceItem:
    _require(
        perms.can_edit_project(acting_user, item.project),
        _("Vous ne pouvez pas modifier ce projet."),
    )
    label = str(item.target)
    if applicable is False and met is not None:
        raise ValidationError(
            _("« %s » : un point non applicable n'est ni respecté ni non respecté.") % label
        )
    if met is True and not evidence.strip():
        raise ValidationError(
            _("« %s » : indiquez la preuve du respect (document, homologation, audit…).") % label
        )
    if assign(
        item,
        {
            "applicable": applicable,
            "met": met,
            "evidence": evidence.strip(),
            "comment": comment.strip(),
        },
    ):
        save_with_history(item, acting_user=acting_user, reason=_("Conformité"))
    return item


@transaction.atomic
def save_compliance_grid(*, acting_user, project: Project, answers: dict) -> list:
    """Save a project's whole checklist at once: `answers` maps each item's id to its
    {applicable, met, evidence, comment}. One invalid line and nothing changes: the
    ValidationError names every line's problem, keyed `item-<id>`."""
    items = ensure_checklist(acting_user=acting_user, project=project)
    errors: dict[str, list[str]] = {}
    for item in items:
        try:
            answer = answers.get(item.pk) or {"applicable": None, "met": None}
            update_compliance(acting_user=acting_user, item=item, **answer)
        except ValidationError as exc:
            errors[f"item-{item.pk}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return list(items)


def projects_with_unmet_referentiels(queryset):
    """Projects having at least one applicable référentiel of the version in force not met."""
    version = FrameworkVersion.objects.in_force()
    unmet = ComplianceItem.objects.filter(referentiel__version=version, applicable=True).exclude(
        met=True
    )
    return queryset.filter(pk__in=unmet.values("project_id"))


# --- convergence --------------------------------------------------------------------------


@transaction.atomic
def converge(*, acting_user, source: Project, target: Project, reason: str) -> Project:
    """`source` is replaced by (absorbed into) `target`: it stops, its history stays."""
    _require(
        perms.can_manage_strategy(acting_user, source.region),
        _("La convergence de projets est décidée par l'ARS."),
    )
    if source.pk == target.pk:
        raise ValidationError(_("Un projet ne peut pas converger vers lui-même."))
    if source.converged_into_id:
        raise ValidationError(_("Ce projet a déjà convergé vers %s.") % source.converged_into)
    if target.phase == Phase.ARRETE:
        raise ValidationError(_("Le projet cible est arrêté."))
    if not reason.strip():
        raise ValidationError(_("Motivez la convergence."))
    gate = GateDecision(
        project=source,
        from_phase=source.phase,
        to_phase=Phase.ARRETE,
        status=GateStatus.APPROVED,
        requested_by=acting_user,
        decided_by=acting_user,
        decided_at=timezone.now(),
        decision_basis=_("Convergence vers %(t)s : %(r)s") % {"t": target, "r": reason},
    )
    for pending in source.gates.filter(status=GateStatus.REQUESTED):
        pending.status = GateStatus.REFUSED
        pending.decided_by = acting_user
        pending.decided_at = gate.decided_at
        pending.decision_basis = _("Sans objet : le projet converge vers %s.") % target
        save_with_history(pending, acting_user=acting_user, reason=_("Convergence"))
    save_with_history(gate, acting_user=acting_user, reason=_("Convergence"))
    source.phase = Phase.ARRETE
    source.converged_into = target
    save_with_history(
        source, acting_user=acting_user, reason=_("Convergence vers %s") % target.code
    )
    if hasattr(source, "catalogue_entry"):
        entry = source.catalogue_entry
        entry.status = ServiceStatus.RETIRED
        save_with_history(entry, acting_user=acting_user, reason=_("Convergence"))
    return source


# --- catalogue ----------------------------------------------------------------------------


@transaction.atomic
def publish_in_catalogue(*, acting_user, project: Project) -> DigitalService:
    """A project in production appears in its region's public catalogue."""
    values = {
        "name": project.title,
        "description": project.description,
        "operator": project.moa_delegate or project.moa,
        "socle_service": project.socle_services.order_by("pk").first(),
        "for_professionals": project.target_professionals,
        "for_patients": project.target_patients,
        "for_citizens": project.target_citizens,
        "status": ServiceStatus.PRODUCTION,
    }
    entry = DigitalService.objects.filter(project=project).first()
    if entry is None:
        entry = DigitalService(project=project, region=project.region, **values)
    else:
        assign(entry, values)
    save_with_history(entry, acting_user=acting_user, reason=_("Mise en production"))
    if not entry.territories.exists():
        attribute(entry, acting_user)
        entry.territories.set([project.region])
    return entry


# --- strategy -----------------------------------------------------------------------------


@transaction.atomic
def save_strategy(*, acting_user, strategy: Strategy) -> Strategy:
    """Create or change the regional strategy (the ARS writes it, instruction of 2017 § I.A)."""
    _require(
        perms.can_manage_strategy(acting_user, strategy.region),
        _("La stratégie régionale est écrite par l'ARS."),
    )
    strategy.full_clean()
    save_with_history(
        strategy,
        acting_user=acting_user,
        reason=_("Modification") if strategy.pk else _("Création"),
    )
    return strategy


@transaction.atomic
def save_programme(*, acting_user, programme: Programme) -> Programme:
    _require(
        perms.can_manage_strategy(acting_user, programme.strategy.region),
        _("Les programmes sont définis par l'ARS."),
    )
    programme.full_clean()
    save_with_history(
        programme,
        acting_user=acting_user,
        reason=_("Modification") if programme.pk else _("Création"),
    )
    return programme


@transaction.atomic
def save_catalogue_entry(*, acting_user, entry: DigitalService, territories=None) -> DigitalService:
    """Declare or change a service of the region's public catalogue (ARS or GRADeS)."""
    _require(
        perms.can_manage_catalogue(acting_user, entry.region),
        _("Le catalogue régional est tenu par l'ARS et le GRADeS."),
    )
    entry.full_clean()
    save_with_history(
        entry, acting_user=acting_user, reason=_("Modification") if entry.pk else _("Déclaration")
    )
    if territories is not None:
        attribute(entry, acting_user)
        entry.territories.set(territories)
    return entry


@transaction.atomic
def save_strategy_document(*, acting_user, strategy: Strategy, document) -> None:
    _require(
        perms.can_manage_strategy(acting_user, strategy.region),
        _("La stratégie régionale est écrite par l'ARS."),
    )
    document.strategy = strategy
    document.full_clean()
    save_with_history(document, acting_user=acting_user, reason=_("Ajout"))
