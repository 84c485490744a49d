"""The CPOM API under /api/v1/contracts/, scoped like the pages: each contract with its
versions, the objectives of the version in force, their yearly targets and achieved values
(computed from accepted data, never typed)."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pilote.contrats.achieved import achieved
from pilote.contrats.models import Cpom
from pilote.core.api_auth import AUTH

router = Router(tags=["contrats"])


class YearOut(Schema):
    year: int
    target: float | None
    achieved: float | None
    period: str


class ObjectiveOut(Schema):
    position: int
    title: str
    source: str
    indicator: str | None
    data_element: str | None
    territory: str | None
    organisation_id: int | None
    years: list[YearOut]


class VersionOut(Schema):
    number: int
    label: str
    reason: str
    signed_on: datetime.date | None


class CpomOut(Schema):
    id: int
    region: str
    operator_id: int
    operator: str
    title: str
    reference: str
    start_year: int
    end_year: int
    versions: list[VersionOut]


class CpomDetailOut(CpomOut):
    version: int
    objectives: list[ObjectiveOut]


def _cpoms(request):
    return (
        Cpom.objects.visible_to(request.user)
        .select_related("region", "operator")
        .prefetch_related("versions")
    )


def _summary(cpom: Cpom) -> dict:
    return {
        "id": cpom.pk,
        "region": cpom.region.code,
        "operator_id": cpom.operator_id,
        "operator": cpom.operator.name,
        "title": cpom.title,
        "reference": cpom.reference,
        "start_year": cpom.start_year,
        "end_year": cpom.end_year,
        "versions": [
            {"number": v.number, "label": str(v), "reason": v.reason, "signed_on": v.signed_on}
            for v in cpom.versions.all()
        ],
    }


@router.get("/cpom", response=list[CpomOut], auth=AUTH, summary="CPOM")
def list_cpoms(request):
    return [_summary(c) for c in _cpoms(request)]


@router.get(
    "/cpom/{cpom_id}",
    response=CpomDetailOut,
    auth=AUTH,
    summary="Un CPOM : objectifs de la version en vigueur, cibles et réalisé par année",
)
def get_cpom(request, cpom_id: int):
    cpom = get_object_or_404(_cpoms(request), pk=cpom_id)
    version = cpom.current_version()
    objectives = version.objectives.select_related(
        "indicator", "data_element", "territory", "version__cpom"
    ).prefetch_related("targets")
    out = []
    for o in objectives:
        targets = {t.year: t.value for t in o.targets.all()}
        years = []
        for year in cpom.years:
            value = achieved(o, year)
            years.append(
                {
                    "year": year,
                    "target": targets.get(year),
                    "achieved": value.value,
                    "period": value.period,
                }
            )
        out.append(
            {
                "position": o.position,
                "title": o.title,
                "source": o.source,
                "indicator": o.indicator.code if o.indicator else None,
                "data_element": o.data_element.code if o.data_element else None,
                "territory": o.territory.code if o.territory else None,
                "organisation_id": o.organisation_id,
                "years": years,
            }
        )
    return {**_summary(cpom), "version": version.number, "objectives": out}
