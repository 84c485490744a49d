"""What Pilote already knows about a criterion of the indices (DGOS oSIS: never re-collect
what is already reported). Each function answers, for a grid of an operator known to Pilote,
None (no evidence: the respondent answers) or (met, sub-criteria met, source shown to the
respondent and the reviewer). Absence of a record is not proof that a criterion is unmet (the
operator may not use that module), so evidence only ever says "met", with its source."""

from django.db.models import Count
from django.utils.translation import gettext as _

from pilote.contrats.models import Cpom
from pilote.financement.models import Allocation
from pilote.gouvernance.models import Body, BodyKind
from pilote.gouvernance.models_meetings import Meeting
from pilote.portefeuille.models import Phase, Project


def cpom(grid):
    """A CPOM of the operator covering the year, signed (module Contrats)."""
    found = (
        Cpom.objects.filter(
            operator=grid.operator,
            start_year__lte=grid.year,
            end_year__gte=grid.year,
            versions__signed_on__isnull=False,
        )
        .order_by("start_year")
        .first()
    )
    if found is None:
        return None
    return (
        True,
        [],
        _("CPOM « %(t)s » (%(a)d–%(b)d), signé — module Contrats")
        % {
            "t": found.title,
            "a": found.start_year,
            "b": found.end_year,
        },
    )


def _allocations(grid):
    return Allocation.objects.filter(beneficiary=grid.operator).select_related("envelope__funder")


def funding_plan(grid):
    """Funding notified to the operator in each of the three years up to the grid's year
    (module Financements): a financing stable over three years."""
    years = {grid.year - 2, grid.year - 1, grid.year}
    funded = set(
        _allocations(grid).filter(envelope__year__in=years).values_list("envelope__year", flat=True)
    )
    if funded != years:
        return None
    return (
        True,
        [],
        _("Financements programmés pour l'opérateur en %(y)s — module Financements")
        % {"y": ", ".join(str(y) for y in sorted(years))},
    )


def funders(grid):
    """At least two funders programmed funding for the operator that year (module
    Financements)."""
    names = sorted(
        set(
            _allocations(grid)
            .filter(envelope__year=grid.year)
            .values_list("envelope__funder__name", flat=True)
        )
    )
    if len(names) < 2:
        return None
    return (
        True,
        [],
        _("Financeurs en %(y)d : %(f)s — module Financements")
        % {
            "y": grid.year,
            "f": ", ".join(names),
        },
    )


def project_practices(grid):
    """Every live project the operator carries has a budget (a programmed funding) and
    milestones (module Portefeuille): budget and planning are followed."""
    projects = list(
        Project.objects.filter(moa=grid.operator)
        .exclude(phase=Phase.ARRETE)
        .prefetch_related("milestones")
    )
    if not projects:
        return None
    funded = set(
        Allocation.objects.filter(project__in=projects).values_list("project_id", flat=True)
    )
    subcriteria = []
    if all(p.pk in funded for p in projects):
        subcriteria.append("suivi_budget")
    if all(p.milestones.all() for p in projects):
        subcriteria.append("suivi_planning")
    if not subcriteria:
        return None
    return (
        False,
        subcriteria,
        _("%(n)d projet(s) porté(s) par l'opérateur : %(s)s — module Portefeuille")
        % {
            "n": len(projects),
            "s": ", ".join(
                {"suivi_budget": _("tous financés"), "suivi_planning": _("tous jalonnés")}[c]
                for c in subcriteria
            ),
        },
    )


def portfolio_counts(grid) -> list[dict]:
    """The projects the operator carries (MOA) in the portfolio module, counted by phase and
    impulsion (codes): what a grid's portfolio section reads, and stores when it is sent."""
    if grid.operator_id is None:
        return []
    counts = (
        Project.objects.filter(moa_id=grid.operator_id)
        .values("phase", "impulsion")
        .annotate(n=Count("pk"))
        .order_by("phase", "impulsion")
    )
    return [{"phase": c["phase"], "impulsion": c["impulsion"], "count": c["n"]} for c in counts]


def governance_bodies(grid):
    """The region's strategic body (COSSIS) and the operator's operational body (board or
    general assembly) met during the year (module Gouvernance)."""
    met = Meeting.objects.filter(starts_at__year=grid.year)
    subcriteria, names = [], []
    for code, kinds in (
        ("instance_strategique", [BodyKind.COSSIS]),
        ("instance_operationnelle", [BodyKind.BOARD, BodyKind.GRADES_ASSEMBLY]),
    ):
        body = (
            Body.objects.in_region(grid.region)
            .filter(kind__in=kinds, meetings__in=met)
            .distinct()
            .first()
        )
        if body is not None:
            subcriteria.append(code)
            names.append(body.name)
    if not subcriteria:
        return None
    return (
        False,
        subcriteria,
        _("Instances réunies en %(y)d : %(b)s — module Gouvernance")
        % {
            "y": grid.year,
            "b": ", ".join(names),
        },
    )


EVIDENCE = {
    "cpom": cpom,
    "funding_plan": funding_plan,
    "funders": funders,
    "project_practices": project_practices,
    "governance_bodies": governance_bodies,
}


def evidence_for(grid, criterion: dict):
    """The evidence Pilote holds for `criterion` of `grid`, or None."""
    function = EVIDENCE.get(criterion.get("evidence", ""))
    if function is None or grid.operator_id is None:
        return None
    return function(grid)
