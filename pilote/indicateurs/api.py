from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema, Status

from pilote.core.api_auth import AUTH
from pilote.core.replica import public_read
from pilote.indicateurs import analytics, coverage
from pilote.indicateurs.dashboard import Cell
from pilote.indicateurs.import_jobs import runs_in_background, start_values_import
from pilote.indicateurs.imports import ImportRejected, import_values
from pilote.indicateurs.models import Campaign, DataValue, Indicator
from pilote.indicateurs.periods import PeriodError, parse
from pilote.territoires.lookups import region_by_code
from pilote.territoires.models import Level, Territory

router = Router(tags=["indicateurs"])


class CoverageOut(Schema):
    status: str  # complete, partielle, aucune
    accepted: int
    expected: int
    unit: str  # regions, etablissements
    label: str


class IndicatorValueOut(Schema):
    indicator: str
    territory: str
    period: str
    value: float | None  # only when the coverage is complete
    partial_value: float | None  # the figure of a partial coverage (never a national total)
    target: float | None
    coverage: CoverageOut | None


class DataValueOut(Schema):
    dataElement: str
    option: str
    orgUnit: str
    period: str
    value: float | None
    comment: str
    accepted: bool


class ImportOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool
    warnings: list[str]


class ProblemsOut(Schema):
    detail: str
    problems: list[str]


class JobOut(Schema):
    """A large file: imported by the worker; its state is on the job's page (`url`)."""

    job: int
    status: str
    url: str


@router.get(
    "/values",
    response=list[IndicatorValueOut],
    auth=None,
    summary="Valeurs des indicateurs (données acceptées, public)",
)
@public_read
def indicator_values(
    request,
    period: str,
    indicator: str | None = None,
    territory: str | None = None,
    level: str = "region",
):
    """`period` : 2024, 2024S2, 2024Q3, 202409. `level` : `region` (défaut ; `territory` : code
    de région ou FR), `departement` ou `infra` (`territory` : code du département ou du
    territoire infrarégional ; valeurs calculées à partir des données des établissements).

    Chaque ligne porte sa couverture (`coverage` : régions, ou établissements, dont les données
    de toute la période sont acceptées, sur ceux attendus). `value` n'est donnée que pour une
    couverture complète ; sinon le chiffre calculé est dans `partial_value` (pour FR, un total
    partiel : ce n'est pas un total national)."""
    try:
        p = parse(period)
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    indicators = list(Indicator.objects.select_related("numerator", "denominator"))
    if indicator:
        indicators = [i for i in indicators if i.code == indicator]
    if level != "region":
        return _subregional_values(indicators, p, level, territory)
    regions = {r.pk: r.code for r in Territory.objects.current().ars_regions()}
    table = analytics.indicator_table(indicators, p)
    targets = analytics.targets_for(indicators, p, list(regions))
    covered = coverage.for_indicators(indicators, [p.code], list(regions))
    if territory and territory != "FR":
        regions = {pk: code for pk, code in regions.items() if code == territory}
    keys = ([analytics.NATION] if territory in (None, "FR") else []) + (
        list(regions) if territory != "FR" else []
    )
    return [
        _row(
            i,
            "FR" if key is None else regions[key],
            p,
            Cell(
                table.get((i.pk, key)),
                targets.get((i.pk, key)),
                i.unit,
                covered.get((i.pk, p.code, key)),
            ),
        )
        for i in indicators
        for key in keys
    ]


def _row(indicator, territory_code: str, period, cell: Cell) -> dict:
    cov = cell.coverage
    return {
        "indicator": indicator.code,
        "territory": territory_code,
        "period": period.code,
        "value": None if cell.partial else cell.value,
        "partial_value": cell.value if cell.partial else None,
        "target": cell.target,
        "coverage": None if cov is None else cov.as_api(),
    }


def _subregional_values(indicators, period, level: str, territory: str | None) -> list[dict]:
    if level not in (Level.DEPARTEMENT, Level.INFRA):
        raise ValidationError({"level": "niveau inconnu : region, departement ou infra"})
    places = (
        Territory.objects.current()
        .filter(level=level)
        .select_related("parent")
        .prefetch_related("departements")
    )
    if territory:
        places = places.filter(code=territory)
    by_region: dict = {}
    for place in places:
        by_region.setdefault(place.parent, []).append(place)
    out = []
    for region, members in by_region.items():
        table = analytics.subregional_table(indicators, period, region)
        targets = analytics.targets_for(indicators, period, [region.pk])
        covered = coverage.for_indicators(indicators, [period.code], [region.pk], True)
        out += [
            _row(
                i,
                place.code,
                period,
                Cell(
                    table.get((i.pk, place.pk)),
                    targets.get((i.pk, region.pk)),
                    i.unit,
                    _place_coverage(covered, i, period, place),
                ),
            )
            for place in sorted(members, key=lambda t: t.code)
            for i in indicators
        ]
    return out


def _place_coverage(covered, indicator, period, place):
    """The establishments' coverage of a département, or of an infra-regional territory's
    départements together (None for a dataset entered per region)."""
    if place.level == Level.DEPARTEMENT:
        return covered.get((indicator.pk, period.code, ("dep", place.pk)))
    return coverage.combined(
        [
            c
            for d in place.departements.all()
            if (c := covered.get((indicator.pk, period.code, ("dep", d.pk)))) is not None
        ]
    )


@router.get(
    "/datavaluesets",
    response=list[DataValueOut],
    auth=AUTH,
    summary="Export des valeurs d'une campagne (valeurs en cours comprises, dans vos régions)",
)
def export_values(request, campaign: int, region: str | None = None):
    campaign_obj = get_object_or_404(Campaign, pk=campaign)
    qs = (
        DataValue.objects.visible_to(request.user)
        .with_published()
        .of_reports(campaign_obj.reports.all())
        .select_related("data_element", "territory", "organisation")
    )
    if region:
        qs = qs.in_region(region_by_code(region))
    return [
        {
            "dataElement": v.data_element.code,
            "option": v.option,
            "orgUnit": v.organisation.finess_et if v.organisation_id else v.territory.code,
            "period": v.period,
            "value": v.value,
            "comment": v.comment,
            "accepted": v.published is not None and v.published == v.value,
        }
        for v in qs.order_by("region_id", "data_element__code", "option")
    ]


@router.post(
    "/campaigns/{campaign_id}/datavaluesets",
    response={200: ImportOut, 202: JobOut, 422: ProblemsOut},
    auth=AUTH,
    summary="Import d'un jeu de valeurs (JSON DHIS2 dataValues), avec essai à blanc",
    description=(
        "Un fichier au-delà du seuil (PILOTE_BACKGROUND_BYTES) est importé en arrière-plan : "
        "réponse 202 avec l'adresse de la tâche, à suivre sur « Mes tâches »."
    ),
)
def import_value_set(request, campaign_id: int, dry_run: bool = False):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    if runs_in_background(request.body, "json"):
        job = start_values_import(
            acting_user=request.user,
            campaign=campaign,
            data=request.body,
            file_format="json",
            filename="api.json",
            dry_run=dry_run,
        )
        url = reverse("taches:detail", args=[job.pk])
        return Status(202, {"job": job.pk, "status": job.status, "url": url})
    try:
        result = import_values(
            acting_user=request.user,
            campaign=campaign,
            data=request.body,
            file_format="json",
            filename="api",
            dry_run=dry_run,
        )
    except ImportRejected as exc:
        return Status(422, {"detail": str(exc), "problems": [str(p) for p in exc.problems]})
    return {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "dry_run": result.dry_run,
        "warnings": result.warnings,
    }
