"""Changes to multi-year funding plans and to operators' capacity: one function per change, one
transaction, history recorded; only the region's ARS (and the national administrator)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pilote.core.history import save_with_history
from pilote.financement.models import Funder
from pilote.financement.models_plans import (
    FundingPlan,
    OperatorCapacity,
    PlanAmount,
    PlanPhase,
)
from pilote.financement.services import _locked, _require_manager


@transaction.atomic
def create_plan(
    *, acting_user, region, first_year: int, title: str, operator=None, project=None, note=""
) -> FundingPlan:
    """A three-year plan for an operator or a project of the region."""
    _require_manager(acting_user, region)
    if operator is not None and operator.region_id != region.pk:
        raise ValidationError({"operator": _("L'opérateur doit être une structure de la région.")})
    if project is not None and project.region_id != region.pk:
        raise ValidationError({"project": _("Le projet doit être un projet de la région.")})
    plan = FundingPlan(
        region=region,
        operator=operator,
        project=project,
        first_year=first_year,
        title=title.strip(),
        note=note.strip(),
    )
    plan.full_clean()
    save_with_history(plan, acting_user=acting_user, reason=_("Plan de financement créé"))
    return plan


@transaction.atomic
def set_planned(
    *, acting_user, plan: FundingPlan, year: int, funder: Funder, phase: str, amount: Decimal
) -> PlanAmount:
    """What `funder` is planned to give in `year` for `phase` (replaces what was planned)."""
    _require_manager(acting_user, plan.region)
    plan = _locked(FundingPlan, plan.pk)
    if year not in plan.years:
        raise ValidationError(
            {
                "year": _("L'année doit être comprise entre %(a)s et %(b)s.")
                % {"a": plan.first_year, "b": plan.last_year}
            }
        )
    if phase not in PlanPhase.values:
        raise ValidationError({"phase": _("Phase inconnue.")})
    line = PlanAmount.objects.filter(plan=plan, year=year, funder=funder, phase=phase).first()
    line = line or PlanAmount(plan=plan, year=year, funder=funder, phase=phase)
    line.amount = amount
    line.full_clean()
    save_with_history(line, acting_user=acting_user, reason=_("Montant prévu"))
    return line


@transaction.atomic
def set_capacity(*, acting_user, operator, year: int, fte: Decimal) -> OperatorCapacity:
    """The staff (ETP) `operator` has in `year`."""
    _require_manager(acting_user, operator.region)
    capacity = OperatorCapacity.objects.filter(operator=operator, year=year).first()
    capacity = capacity or OperatorCapacity(operator=operator, year=year)
    capacity.fte = fte
    capacity.full_clean()
    save_with_history(capacity, acting_user=acting_user, reason=_("Capacité"))
    return capacity
