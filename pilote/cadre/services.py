"""Write path for the cadre commun: versions, their content, evolution requests."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.cadre import perms
from pilote.cadre.models import (
    ChangeAction,
    Component,
    EvolutionRequest,
    FrameworkVersion,
    Principle,
    Referentiel,
    RequestStatus,
    SocleService,
    VersionStatus,
)
from pilote.core.history import assign, attribute, save_with_history

DATA_DIR = Path(__file__).resolve().parent / "data"
COMPONENTS = {
    Component.SOCLE: (
        SocleService,
        "socle_services",
        ("name", "purpose", "national_owner", "description"),
    ),
    Component.REFERENTIEL: (
        Referentiel,
        "referentiels",
        ("name", "kind", "availability", "evolution_plan"),
    ),
    Component.PRINCIPLE: (Principle, "principles", ("title", "description")),
}


class FrameworkFrozen(ValidationError):
    pass


def _key(item) -> str:
    return item.code


def _check_editable(acting_user, version: FrameworkVersion) -> None:
    if not perms.can_edit_framework(acting_user):
        raise PermissionDenied(_("Seul le niveau national modifie le cadre commun."))
    if version.is_frozen:
        raise FrameworkFrozen(
            _(
                "La version %(y)d est publiée : elle est figée. Créez la version suivante pour "
                "la faire évoluer."
            )
            % {"y": version.year}
        )


@transaction.atomic
def load_framework_2016(*, acting_user) -> FrameworkVersion:
    """The 2016 version as reference data (published). Idempotent."""
    existing = FrameworkVersion.objects.filter(year=2016).first()
    if existing is not None:
        return existing
    data = json.loads((DATA_DIR / "cadre_2016.json").read_text(encoding="utf-8"))
    version = FrameworkVersion(year=data["year"], label=data["label"])
    save_with_history(version, acting_user=acting_user, reason=_("Référentiel 2016"))
    for values in data["socle_services"]:
        save_with_history(SocleService(version=version, **values), acting_user=acting_user)
    for values in data["referentiels"]:
        save_with_history(Referentiel(version=version, **values), acting_user=acting_user)
    for values in data["principles"]:
        save_with_history(Principle(version=version, **values), acting_user=acting_user)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    save_with_history(version, acting_user=acting_user, reason=_("Publication"))
    return version


@transaction.atomic
def publish_version(*, acting_user, version: FrameworkVersion) -> FrameworkVersion:
    """Publishing freezes a version: its content can no longer change."""
    _check_editable(acting_user, version)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = acting_user
    save_with_history(version, acting_user=acting_user, reason=_("Publication"))
    return version


@transaction.atomic
def create_next_version(
    *, acting_user, source: FrameworkVersion, label: str = ""
) -> FrameworkVersion:
    """Start next year's version as a copy of a published one, then apply the evolution
    requests the strategic committee validated."""
    if not perms.can_edit_framework(acting_user):
        raise PermissionDenied(_("Seul le niveau national modifie le cadre commun."))
    if not source.is_frozen:
        raise ValidationError(_("Seule une version publiée peut servir de base à la suivante."))
    year = source.year + 1
    if FrameworkVersion.objects.filter(year=year).exists():
        raise ValidationError(_("La version %d existe déjà.") % year)
    version = FrameworkVersion(
        year=year, label=label or _("Cadre commun des projets e-santé %d") % year, based_on=source
    )
    save_with_history(
        version, acting_user=acting_user, reason=_("Copie de la version %d") % source.year
    )
    for model, related, fields in COMPONENTS.values():
        for item in getattr(source, related).all():
            copy = model(version=version, **{f: getattr(item, f) for f in fields})
            if model is Principle:
                copy.number = item.number
            else:
                copy.code = item.code
            save_with_history(copy, acting_user=acting_user, reason=_("Copie"))
    for request in EvolutionRequest.objects.filter(status=RequestStatus.VALIDATED, applied_in=None):
        _apply(acting_user, version, request)
    return version


def _apply(acting_user, version: FrameworkVersion, request: EvolutionRequest) -> None:
    model, related, _fields = COMPONENTS[request.component]
    items = {i.code: i for i in getattr(version, related).all()}
    code = request.target_code.strip().upper()
    if model is Principle and not code.startswith("P"):
        code = f"P{int(code):02d}"
    item = items.get(code)
    reason = _("Demande d'évolution n° %d") % request.pk
    proposed = {
        ("title" if model is Principle else "name"): request.proposed_name,
        ("evolution_plan" if model is Referentiel else "description"): request.proposed_description,
    }
    category_field = {SocleService: "purpose", Referentiel: "kind"}.get(model)
    if category_field:
        proposed[category_field] = request.proposed_category
    proposed = {k: v for k, v in proposed.items() if v}
    if request.action == ChangeAction.REMOVE and item is not None:
        attribute(item, acting_user)
        item.delete()
    elif request.action == ChangeAction.ADD and item is None:
        item = model(version=version, **proposed)
        if model is Principle:
            item.number = int(code[1:])
        else:
            item.code = code
        save_with_history(item, acting_user=acting_user, reason=reason)
    elif request.action == ChangeAction.MODIFY and item is not None and assign(item, proposed):
        save_with_history(item, acting_user=acting_user, reason=reason)
    request.status = RequestStatus.APPLIED
    request.applied_in = version
    save_with_history(request, acting_user=acting_user, reason=_("Intégrée en %d") % version.year)


@transaction.atomic
def update_item(*, acting_user, item, values: dict):
    """Change a socle service, référentiel or principle of a version still in preparation."""
    _check_editable(acting_user, item.version)
    if assign(item, values):
        item.full_clean()
        save_with_history(item, acting_user=acting_user, reason=_("Modification"))
    return item


@transaction.atomic
def add_item(*, acting_user, version: FrameworkVersion, component: str, values: dict):
    _check_editable(acting_user, version)
    model = COMPONENTS[component][0]
    item = model(version=version, **values)
    item.full_clean()
    save_with_history(item, acting_user=acting_user, reason=_("Ajout"))
    return item


@transaction.atomic
def remove_item(*, acting_user, item) -> None:
    _check_editable(acting_user, item.version)
    attribute(item, acting_user)
    item.delete()


@transaction.atomic
def submit_evolution(*, acting_user, **values) -> EvolutionRequest:
    if not perms.can_submit_evolution(acting_user):
        raise PermissionDenied(_("Vous ne pouvez pas déposer de demande d'évolution."))
    request = EvolutionRequest(submitted_by=acting_user, **values)
    request.full_clean()
    save_with_history(request, acting_user=acting_user, reason=_("Dépôt"))
    return request


@transaction.atomic
def examine_evolution(*, acting_user, request: EvolutionRequest, opinion: str) -> EvolutionRequest:
    """The operational committee examines a submitted request and gives its opinion."""
    if not perms.can_decide_evolution(acting_user):
        raise PermissionDenied(_("Seul le niveau national instruit les demandes."))
    if request.status != RequestStatus.SUBMITTED:
        raise ValidationError(_("Seule une demande déposée peut être instruite."))
    if not opinion.strip():
        raise ValidationError(_("L'avis du comité opérationnel est obligatoire."))
    request.status = RequestStatus.EXAMINED
    request.operational_opinion = opinion
    request.examined_at = timezone.now()
    save_with_history(request, acting_user=acting_user, reason=_("Instruction"))
    return request


@transaction.atomic
def decide_evolution(
    *, acting_user, request: EvolutionRequest, validated: bool, decision: str
) -> EvolutionRequest:
    """The strategic committee validates or refuses an examined request."""
    if not perms.can_decide_evolution(acting_user):
        raise PermissionDenied(_("Seul le niveau national décide des évolutions."))
    if request.status != RequestStatus.EXAMINED:
        raise ValidationError(
            _(
                "Le comité stratégique ne décide que sur une demande instruite par le comité "
                "opérationnel."
            )
        )
    if not decision.strip():
        raise ValidationError(_("La décision du comité stratégique doit être motivée."))
    request.status = RequestStatus.VALIDATED if validated else RequestStatus.REFUSED
    request.strategic_decision = decision
    request.decided_at = timezone.now()
    save_with_history(request, acting_user=acting_user, reason=_("Décision"))
    return request


@dataclass
class ItemDiff:
    code: str
    label: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class ComponentDiff:
    component: str
    label: str
    added: list[ItemDiff] = field(default_factory=list)
    removed: list[ItemDiff] = field(default_factory=list)
    changed: list[ItemDiff] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_versions(old: FrameworkVersion, new: FrameworkVersion) -> list[ComponentDiff]:
    """What changed between two versions, component by component, item by item."""
    result = []
    for component, (model, related, fields) in COMPONENTS.items():
        before = {i.code: i for i in getattr(old, related).all()}
        after = {i.code: i for i in getattr(new, related).all()}
        diff = ComponentDiff(component, str(Component(component).label))
        for code in sorted(after.keys() - before.keys()):
            diff.added.append(ItemDiff(code, str(after[code])))
        for code in sorted(before.keys() - after.keys()):
            diff.removed.append(ItemDiff(code, str(before[code])))
        for code in sorted(before.keys() & after.keys()):
            changes = []
            for name in fields:
                a, b = getattr(before[code], name), getattr(after[code], name)
                if a != b:
                    label = str(model._meta.get_field(name).verbose_name)
                    changes.append((label, str(a), str(b)))
            if changes:
                diff.changed.append(ItemDiff(code, str(after[code]), changes))
        result.append(diff)
    return result
