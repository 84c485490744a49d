"""Read-side helpers shared by pages, exports and the API (bounded numbers of queries)."""

import datetime
from collections import Counter

from django.db.models import Count, Q

from pilote.cadre.models import FrameworkVersion
from pilote.core.formats import sort_key
from pilote.portefeuille.models import Health, Milestone, Phase, Project
from pilote.territoires.models import Territory


def portfolio(user, region=None):
    """Projects `user` may see, in `region` if given, ready for a list (no N+1)."""
    qs = Project.objects.visible_to(user).carried_in(region)
    return qs.select_related("region", "programme", "moa", "moa_delegate").prefetch_related(
        "socle_services"
    )


def apply_filters(qs, data: dict):
    if data.get("q"):
        qs = qs.filter(Q(code__icontains=data["q"]) | Q(title__icontains=data["q"]))
    for name in ("phase", "health", "impulsion"):
        if data.get(name):
            qs = qs.filter(**{name: data[name]})
    if data.get("health") and data.get("phase") != Phase.ARRETE:
        qs = qs.exclude(phase=Phase.ARRETE)  # a stopped project has no health (overview too)
    if data.get("socle"):
        qs = qs.filter(socle_services__code=data["socle"]).distinct()
    if data.get("programme"):
        qs = qs.filter(programme=data["programme"])
    if data.get("moa"):
        qs = qs.filter(Q(moa=data["moa"]) | Q(moa_delegate=data["moa"]))
    return qs


def overview(projects_qs, today: datetime.date | None = None) -> dict:
    """Counts by phase, socle service and health, and late milestones (4 queries)."""
    today = today or datetime.date.today()
    by_phase = dict(projects_qs.order_by().values_list("phase").annotate(n=Count("pk")))
    by_health = dict(
        projects_qs.exclude(phase=Phase.ARRETE)
        .order_by()
        .values_list("health")
        .annotate(n=Count("pk"))
    )
    by_socle = Counter(
        dict(
            projects_qs.exclude(phase=Phase.ARRETE)
            .filter(socle_services__isnull=False)
            .order_by()
            .values_list("socle_services__name")
            .annotate(n=Count("pk", distinct=True))
        )
    )
    late = (
        Milestone.objects.late(today)
        .filter(project__in=projects_qs.values("pk"))
        .select_related("project")
        .order_by("planned_on")[:50]
    )
    return {
        "by_phase": [(label, by_phase.get(value, 0)) for value, label in Phase.choices],
        "by_health": [(value, label, by_health.get(value, 0)) for value, label in Health.choices],
        "by_socle": sorted(by_socle.items(), key=lambda kv: (-kv[1], kv[0])),
        "late_milestones": list(late),
        "total": sum(by_phase.values()),
    }


def socle_coverage(version: FrameworkVersion | None = None) -> dict:
    """Which socle services each region has in production (3 queries, whatever the size)."""
    version = version or FrameworkVersion.objects.in_force()
    services = list(version.socle_services.order_by("pk")) if version else []
    regions = sorted(Territory.objects.current().ars_regions(), key=lambda r: sort_key(r.name))
    counts = {
        (region_id, code): n
        for region_id, code, n in Project.objects.filter(
            phase=Phase.PRODUCTION, socle_services__isnull=False
        )
        .order_by()
        .values_list("region_id", "socle_services__code")
        .annotate(n=Count("pk", distinct=True))
    }
    rows = []
    for region in regions:
        cells = [counts.get((region.pk, s.code), 0) for s in services]
        rows.append({"region": region, "cells": cells, "covered": sum(1 for c in cells if c)})
    return {"services": services, "rows": rows}


def gate_deciders(gate) -> list:
    """The regional accounts who may decide `gate` (`perms.can_decide_gate`), so that whoever
    waits on it knows whom to ask; the national administrators may always decide."""
    from pilote.acteurs.models import Organisation
    from pilote.comptes.models import Role, User
    from pilote.portefeuille import perms

    candidates = (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role__in=[Role.ARS_OFFICER, Role.GRADES_MANAGER],
            memberships__organisation__in=Organisation.objects.in_region(gate.project.region_id),
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    return [user for user in candidates if perms.can_decide_gate(user, gate)]
