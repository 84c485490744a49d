"""What the national programme page reads: for each window, the establishments it was rolled
out to (those the reader sees), whether each reached the target on accepted data, and the
amounts due and paid."""

from dataclasses import dataclass, field
from decimal import Decimal

from pilote.financement.models import TrancheStatus
from pilote.financement.models_programmes import RolloutLine

ZERO = Decimal("0.00")


@dataclass
class WindowResult:
    window: object
    lines: list = field(default_factory=list)
    reached: int = 0
    due: Decimal = ZERO  # payable, not paid yet
    paid: Decimal = ZERO
    committed: Decimal = ZERO


def window_results(user, window) -> WindowResult:
    result = WindowResult(window)
    lines = (
        RolloutLine.objects.visible_to(user)
        .filter(rollout__window=window)
        .select_related("rollout__region", "establishment", "tranche__evidence_report")
        .order_by("rollout__region__name", "establishment__name")
    )
    for line in lines:
        tranche = line.tranche
        result.lines.append(line)
        result.committed += tranche.amount
        if tranche.status == TrancheStatus.PAYABLE:
            result.reached += 1
            result.due += tranche.amount
        elif tranche.status == TrancheStatus.PAID:
            result.reached += 1
            result.paid += tranche.amount
    return result
