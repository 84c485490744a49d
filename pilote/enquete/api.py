"""The survey API under /api/v1/survey/, scoped like the pages (national roles: every
region; the ARS and the GRADeS: their own): campaigns, their synthesis (per year and
territory `etp_total`, `budget_total`, `population`, `budget_per_inhabitant` as decimal
strings, the national totals and means per year), grids with their index levels, and the ARS
questionnaires."""

import datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pilote.core.api_auth import AUTH
from pilote.enquete import perms
from pilote.enquete.models import Campaign, Grid, Questionnaire
from pilote.enquete.services_answers import index_levels
from pilote.enquete.synthesis import surveyed_count, synthesis

router = Router(tags=["enquête"])


class CampaignOut(Schema):
    id: int
    name: str
    years: list[int]
    status: str
    deadline: datetime.date | None
    methodology_version: int


class TerritoryOut(Schema):
    code: str
    name: str
    region: str
    etp_total: Decimal | None
    budget_total: Decimal | None
    population: int | None
    budget_per_inhabitant: Decimal | None


class YearOut(Schema):
    year: int
    operators: int
    etp_total: Decimal | None
    etp_mean: Decimal | None
    budget_total: Decimal | None
    budget_mean: Decimal | None
    # what the year's figures cover: grids included, operators surveyed (null: none named),
    # grids sent, grids verified; the index spread counts the verified assessments only
    grids: int
    surveyed: int | None
    submitted: int
    verified: int
    assessments: int
    assessments_verified: int
    territories: list[TerritoryOut]
    regions: list[TerritoryOut]


class SynthesisOut(Schema):
    campaign: CampaignOut
    years: list[YearOut]


class IndexOut(Schema):
    code: str
    level: int
    criteria_met: int
    criteria: int


class GridOut(Schema):
    id: int
    year: int
    territory: str
    region: str
    operator: str
    operator_id: int | None
    etp_total: Decimal | None
    budget_operating: Decimal | None
    budget_investment: Decimal | None
    budget_total: Decimal | None
    population: int | None
    submitted: bool
    figures: dict[str, Decimal]
    indices: list[IndexOut]


class QuestionnaireOut(Schema):
    id: int
    region: str
    answers: dict
    submitted: bool
    review: str


def _campaign(request, campaign_id: int) -> Campaign:
    if not perms.can_view_survey(request.user):
        raise Http404
    return get_object_or_404(Campaign.objects.select_related("methodology"), pk=campaign_id)


def _campaign_out(c: Campaign) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "years": c.years,
        "status": c.status,
        "deadline": c.deadline,
        "methodology_version": c.methodology.version,
    }


def _territory_out(row) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "region": row.region,
        "etp_total": row.etp_total,
        "budget_total": row.budget_total,
        "population": row.population,
        "budget_per_inhabitant": row.budget_per_inhabitant,
    }


@router.get("/campaigns", response=list[CampaignOut], auth=AUTH, summary="Campagnes")
def list_campaigns(request):
    if not perms.can_view_survey(request.user):
        return []
    return [_campaign_out(c) for c in Campaign.objects.select_related("methodology")]


@router.get(
    "/campaigns/{campaign_id}/synthesis",
    response=SynthesisOut,
    auth=AUTH,
    summary="Synthèse : par année et par territoire, totaux et moyennes nationaux",
)
def get_synthesis(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    grids = Grid.objects.visible_to(request.user).filter(campaign=campaign)
    data = synthesis(campaign, grids, surveyed=surveyed_count(campaign, request.user))
    coverage = {c["year"]: c for c in data["coverage"]}
    years = [
        {
            "year": y.year,
            "grids": coverage[y.year]["grids"],
            "surveyed": coverage[y.year]["surveyed"],
            "submitted": coverage[y.year]["submitted"],
            "verified": coverage[y.year]["verified"],
            "assessments": data["assessments"][y.year]["assessed"],
            "assessments_verified": data["assessments"][y.year]["verified"],
            "operators": y.operators,
            "etp_total": y.etp_total,
            "etp_mean": y.etp_mean,
            "budget_total": y.budget_total,
            "budget_mean": y.budget_mean,
            "territories": [_territory_out(r) for r in data["territories"][y.year]],
            "regions": [_territory_out(r) for r in data["regions"][y.year]],
        }
        for y in data["years"]
    ]
    return {"campaign": _campaign_out(campaign), "years": years}


@router.get(
    "/campaigns/{campaign_id}/grids",
    response=list[GridOut],
    auth=AUTH,
    summary="Grilles des opérateurs (et niveaux des indices)",
)
def list_grids(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    grids = (
        Grid.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("territory", "ars_area", "region", "campaign__methodology")
        .prefetch_related("figures", "criteria", "ars_area__regions")
    )
    return [
        {
            "id": g.pk,
            "year": g.year,
            "territory": g.place_code,
            "region": g.region.code,
            "operator": g.operator_name,
            "operator_id": g.operator_id,
            "etp_total": g.etp_total,
            "budget_operating": g.budget_operating,
            "budget_investment": g.budget_investment,
            "budget_total": g.budget_total,
            "population": g.population(),
            "submitted": g.submitted_at is not None,
            "figures": {f.key: f.value for f in g.figures.all()},
            "indices": [
                {
                    "code": ix["index"]["code"],
                    "level": ix["level"],
                    "criteria_met": ix["met"],
                    "criteria": ix["count"],
                }
                for ix in index_levels(g)
            ],
        }
        for g in grids
    ]


@router.get(
    "/campaigns/{campaign_id}/questionnaires",
    response=list[QuestionnaireOut],
    auth=AUTH,
    summary="Questionnaires des ARS",
)
def list_questionnaires(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    return [
        {
            "id": q.pk,
            "region": q.region.code,
            "answers": q.answers,
            "submitted": q.submitted_at is not None,
            "review": q.review,
        }
        for q in Questionnaire.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("region")
    ]
