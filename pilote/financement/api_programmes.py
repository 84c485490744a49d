"""National usage-based programmes through the API (/api/v1/funding/programmes): each window
with its target and lump sum, and the establishments it was rolled out to that the caller
sees, with the tranche's state and evidence (amounts as decimal strings)."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pilote.core.api_auth import AUTH
from pilote.financement import queries_programmes
from pilote.financement.models_programmes import UsageProgramme

router = Router(tags=["financement"])


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    funder: str

    @staticmethod
    def resolve_funder(obj):
        return obj["funder"] if isinstance(obj, dict) else obj.funder.code


class LineOut(Schema):
    region: str
    establishment_id: int
    establishment: str
    status: str
    amount: Decimal
    evidence_value: float | None
    evidence_accepted_at: datetime.datetime | None


class WindowOut(Schema):
    id: int
    name: str
    period: str
    target: str
    threshold: float
    lump_sum: Decimal
    eligible_types: list[str]
    reached: int
    committed: Decimal
    due: Decimal
    paid: Decimal
    lines: list[LineOut]


class ProgrammeDetailOut(ProgrammeOut):
    windows: list[WindowOut]


@router.get("", response=list[ProgrammeOut], auth=AUTH, summary="Programmes nationaux à l'usage")
def list_programmes(request):
    return UsageProgramme.objects.select_related("funder")


def _window(user, window) -> dict:
    result = queries_programmes.window_results(user, window)
    return {
        "id": window.pk,
        "name": window.name,
        "period": window.period,
        "target": (window.indicator or window.data_element).code,
        "threshold": window.threshold,
        "lump_sum": window.lump_sum,
        "eligible_types": window.eligible_types,
        "reached": result.reached,
        "committed": result.committed,
        "due": result.due,
        "paid": result.paid,
        "lines": [
            {
                "region": line.rollout.region.code,
                "establishment_id": line.establishment_id,
                "establishment": line.establishment.name,
                "status": line.tranche.status,
                "amount": line.tranche.amount,
                "evidence_value": line.tranche.evidence_value,
                "evidence_accepted_at": line.tranche.evidence_accepted_at,
            }
            for line in result.lines
        ],
    }


@router.get(
    "/{programme_id}",
    response=ProgrammeDetailOut,
    auth=AUTH,
    summary="Un programme : par fenêtre, les établissements qui ont atteint la cible",
)
def get_programme(request, programme_id: int):
    programme = get_object_or_404(UsageProgramme.objects.select_related("funder"), pk=programme_id)
    windows = programme.windows.select_related("data_element", "indicator")
    return {
        "id": programme.pk,
        "code": programme.code,
        "name": programme.name,
        "funder": programme.funder.code,
        "windows": [_window(request.user, w) for w in windows],
    }
