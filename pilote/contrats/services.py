"""Every change to a CPOM and its dialogues: one function per step, one transaction, history
recorded, the rule checked (`perms.can_manage_cpom`).

A CPOM starts as version 1, a draft: objectives and yearly targets are added to it, then it is
signed and frozen. An amendment (avenant) is a new draft version that starts as a copy of the
signed one; it is edited and signed in turn. A signed version never changes, so the contract
as it was signed stays readable."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from pilote.acteurs.models import OrganisationType
from pilote.contrats import perms
from pilote.contrats.models import (
    Action,
    ActionStatus,
    Cpom,
    CpomVersion,
    Dialogue,
    Objective,
    ObjectiveSource,
    YearTarget,
)
from pilote.core.history import save_with_history


def _require_manager(user, region) -> None:
    if not perms.can_manage_cpom(user, region):
        raise PermissionDenied(_("Les CPOM de la région sont gérés par son ARS."))


def _draft(version: CpomVersion) -> CpomVersion:
    version = CpomVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise ValidationError(
            _("%(v)s est signé : ses objectifs ne changent plus ; passez par un avenant.")
            % {"v": version}
        )
    return version


@transaction.atomic
def create_cpom(
    *,
    acting_user,
    region,
    operator,
    title: str,
    start_year: int,
    end_year: int,
    reference: str = "",
) -> Cpom:
    """A CPOM between the region's ARS and an operator of the region; its first version is a
    draft."""
    _require_manager(acting_user, region)
    if operator.region_id != region.pk:
        raise ValidationError({"operator": _("L'opérateur n'est pas une structure de la région.")})
    if operator.type == OrganisationType.ARS:
        raise ValidationError({"operator": _("L'ARS ne contracte pas avec elle-même.")})
    cpom = Cpom(
        region=region,
        operator=operator,
        title=title.strip(),
        reference=reference.strip(),
        start_year=start_year,
        end_year=end_year,
    )
    cpom.full_clean()
    save_with_history(cpom, acting_user=acting_user, reason=_("CPOM créé"))
    version = CpomVersion(cpom=cpom, number=1)
    save_with_history(version, acting_user=acting_user, reason=_("CPOM créé"))
    return cpom


def _check_measure(version: CpomVersion, data: dict) -> None:
    source = data["source"]
    region = version.cpom.region
    if source == ObjectiveSource.INDICATOR:
        if data.get("indicator") is None:
            raise ValidationError(
                {"indicator": _("Choisissez l'indicateur qui mesure l'objectif.")}
            )
        if data.get("territory") is None:
            data["territory"] = region
        if data["territory"].pk != region.pk:
            raise ValidationError(
                {"territory": _("Un indicateur se lit sur la région du contrat.")}
            )
        data["data_element"] = data["organisation"] = None
    elif source == ObjectiveSource.DATA_ELEMENT:
        if data.get("data_element") is None:
            raise ValidationError(
                {"data_element": _("Choisissez la donnée élémentaire qui mesure l'objectif.")}
            )
        organisation = data.get("organisation")
        if organisation is not None:
            if organisation.region_id != region.pk:
                raise ValidationError(
                    {"organisation": _("L'établissement n'est pas dans la région du contrat.")}
                )
            data["territory"] = None
        elif data.get("territory") is None:
            data["territory"] = region
        data["indicator"] = None
    else:
        data["indicator"] = data["data_element"] = None
        data["territory"] = data["organisation"] = None


def _check_targets(cpom: Cpom, targets: dict) -> dict:
    clean = {}
    for year, value in targets.items():
        if value is None or value == "":
            continue
        if int(year) not in cpom.years:
            raise ValidationError(
                {
                    "targets": _("L'année %(y)s est hors de la période du contrat (%(a)s–%(b)s).")
                    % {"y": year, "a": cpom.start_year, "b": cpom.end_year}
                }
            )
        clean[int(year)] = float(value)
    return clean


@transaction.atomic
def add_objective(
    *,
    acting_user,
    version: CpomVersion,
    title: str,
    source: str,
    targets: dict,
    indicator=None,
    data_element=None,
    territory=None,
    organisation=None,
) -> Objective:
    """An objective of a draft version, measured by the indicator module or the portfolio, with
    its target for each year of the contract (`targets`: {year: value})."""
    _require_manager(acting_user, version.cpom.region)
    version = _draft(version)
    data = {
        "source": source,
        "indicator": indicator,
        "data_element": data_element,
        "territory": territory,
        "organisation": organisation,
    }
    _check_measure(version, data)
    clean = _check_targets(version.cpom, targets)
    last = version.objectives.aggregate(m=Max("position"))["m"] or 0
    objective = Objective(version=version, position=last + 1, title=title.strip(), **data)
    objective.full_clean()
    save_with_history(objective, acting_user=acting_user, reason=_("Objectif ajouté"))
    for year, value in sorted(clean.items()):
        target = YearTarget(objective=objective, year=year, value=value)
        save_with_history(target, acting_user=acting_user, reason=_("Cible fixée"))
    return objective


@transaction.atomic
def set_targets(*, acting_user, objective: Objective, targets: dict) -> Objective:
    """Change an objective's yearly targets while its version is a draft."""
    _require_manager(acting_user, objective.version.cpom.region)
    _draft(objective.version)
    clean = _check_targets(objective.version.cpom, targets)
    existing = {t.year: t for t in objective.targets.all()}
    for year, value in clean.items():
        target = existing.get(year) or YearTarget(objective=objective, year=year, value=value)
        if target.pk and target.value == value:
            continue
        target.value = value
        save_with_history(target, acting_user=acting_user, reason=_("Cible modifiée"))
    return objective


@transaction.atomic
def sign_version(
    *, acting_user, version: CpomVersion, signed_on: datetime.date, signatories: str
) -> CpomVersion:
    """Sign a draft version: it is in force from then on and never changes again."""
    _require_manager(acting_user, version.cpom.region)
    version = _draft(version)
    if not version.objectives.exists():
        raise ValidationError(_("Un contrat sans objectif ne se signe pas."))
    if not signatories.strip():
        raise ValidationError({"signatories": _("Indiquez les signataires.")})
    version.signed_on = signed_on
    version.signatories = signatories.strip()
    save_with_history(version, acting_user=acting_user, reason=_("Version signée"))
    return version


@transaction.atomic
def amend(*, acting_user, cpom: Cpom, reason: str) -> CpomVersion:
    """Open an amendment: a new draft version, copy of the signed one (objectives and targets),
    to be changed and signed. The signed version stays as it was."""
    _require_manager(acting_user, cpom.region)
    latest = CpomVersion.objects.select_for_update().filter(cpom=cpom).order_by("-number").first()
    if latest.is_draft:
        raise ValidationError(_("%(v)s n'est pas encore signé : modifiez-le.") % {"v": latest})
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez l'objet de l'avenant.")})
    version = CpomVersion(cpom=cpom, number=latest.number + 1, reason=reason.strip())
    save_with_history(version, acting_user=acting_user, reason=_("Avenant ouvert"))
    for old in latest.objectives.prefetch_related("targets"):
        targets = list(old.targets.all())
        old.pk = old.id = None
        old._state.adding = True
        old.version = version
        save_with_history(old, acting_user=acting_user, reason=_("Objectif repris"))
        for target in targets:
            copy = YearTarget(objective=old, year=target.year, value=target.value)
            save_with_history(copy, acting_user=acting_user, reason=_("Objectif repris"))
    return version


@transaction.atomic
def record_dialogue(
    *, acting_user, cpom: Cpom, year: int, held_on=None, comments: str = "", decisions: str = ""
) -> Dialogue:
    """Record (or update) the annual management dialogue of a year of the contract."""
    _require_manager(acting_user, cpom.region)
    if year not in cpom.years:
        raise ValidationError(
            {"year": _("L'année %(y)s est hors de la période du contrat.") % {"y": year}}
        )
    dialogue = Dialogue.objects.filter(cpom=cpom, year=year).first() or Dialogue(
        cpom=cpom, year=year
    )
    dialogue.held_on = held_on
    dialogue.comments = comments.strip()
    dialogue.decisions = decisions.strip()
    save_with_history(dialogue, acting_user=acting_user, reason=_("Dialogue de gestion"))
    return dialogue


@transaction.atomic
def add_action(
    *, acting_user, dialogue: Dialogue, title: str, owner: str = "", due_on=None
) -> Action:
    _require_manager(acting_user, dialogue.cpom.region)
    if not title.strip():
        raise ValidationError({"title": _("Décrivez l'action.")})
    action = Action(
        dialogue=dialogue,
        title=title.strip(),
        owner=owner.strip(),
        due_on=due_on,
        updated_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    save_with_history(action, acting_user=acting_user, reason=_("Action décidée"))
    return action


@transaction.atomic
def set_action_status(*, acting_user, action: Action, status: str) -> Action:
    _require_manager(acting_user, action.dialogue.cpom.region)
    if status not in ActionStatus.values:
        raise ValidationError(
            {"status": _("État de l'action inconnu : choisissez-le dans la liste.")}
        )
    action.status = status
    action.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    save_with_history(action, acting_user=acting_user, reason=_("État de l'action"))
    return action
