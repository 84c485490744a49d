"""Multi-year funding plans through the API (/api/v1/funding/plans), scoped like the pages:
each year × funder cell with what is planned, programmed, committed and paid (decimal strings
to the cent), each funder's share, the users' contribution to running costs, and capacity."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pilote.core.api_auth import AUTH
from pilote.financement import queries_plans
from pilote.financement.models_plans import FundingPlan
from pilote.territoires.lookups import region_by_code

router = Router(tags=["financement"])


class PlanSummaryOut(Schema):
    id: int
    region: str
    title: str
    first_year: int
    last_year: int
    operator_id: int | None
    project_id: int | None

    @staticmethod
    def resolve_region(obj):
        return obj["region"] if isinstance(obj, dict) else obj.region.code


class PlanCellOut(Schema):
    year: int
    funder: str
    planned: Decimal
    programmed: Decimal
    committed: Decimal
    paid: Decimal


class FunderShareOut(Schema):
    funder: str
    planned: Decimal
    programmed: Decimal
    share: Decimal | None
    programmed_share: Decimal | None


class RunningOut(Schema):
    year: int
    running: Decimal
    users: Decimal
    share: Decimal | None


class CapacityOut(Schema):
    year: int
    available: Decimal | None
    allocated: Decimal
    remaining: Decimal | None


class PlanOut(PlanSummaryOut):
    cells: list[PlanCellOut]
    funders: list[FunderShareOut]
    years: list[PlanCellOut]
    running: list[RunningOut]
    capacity: list[CapacityOut]


def _plans(request):
    return FundingPlan.objects.visible_to(request.user).select_related("region")


@router.get("", response=list[PlanSummaryOut], auth=AUTH, summary="Plans de financement")
def list_plans(request, region: str | None = None):
    plans = _plans(request)
    if region:
        plans = plans.in_region(region_by_code(region, user=request.user))
    return plans.order_by("region__code", "-first_year", "title")


def _figures(cell) -> dict:
    return {n: getattr(cell, n) for n in ("planned", "programmed", "committed", "paid")}


@router.get(
    "/{plan_id}",
    response=PlanOut,
    auth=AUTH,
    summary="Un plan : prévu, programmé, engagé et payé par année et financeur",
)
def get_plan(request, plan_id: int):
    plan = get_object_or_404(_plans(request), pk=plan_id)
    data = queries_plans.plan_figures(request.user, plan)
    table = data["table"]
    return {
        **{f: getattr(plan, f) for f in ("id", "title", "first_year", "last_year")},
        "region": plan.region.code,
        "operator_id": plan.operator_id,
        "project_id": plan.project_id,
        "cells": [
            {"year": year, "funder": row.funder.code, **_figures(cell)}
            for row in table.rows
            for year, cell in sorted(row.cells.items())
        ],
        "funders": [
            {
                "funder": row.funder.code,
                "planned": row.total.planned,
                "programmed": row.total.programmed,
                "share": row.share,
                "programmed_share": row.programmed_share,
            }
            for row in table.rows
        ],
        "years": [
            {"year": year, "funder": "", **_figures(cell)}
            for year, cell in sorted(table.year_totals.items())
        ],
        "running": [
            {"year": r.year, "running": r.running, "users": r.users, "share": r.share}
            for r in table.running
        ],
        "capacity": [
            {
                "year": c.year,
                "available": c.available,
                "allocated": c.allocated,
                "remaining": c.remaining,
            }
            for c in data["capacity"]
        ],
    }
