"""Demo of interregional cooperation: the demo regions share their projects' sheets; ARA and
Occitanie each run a teleconsultation project for nursing homes (written differently); BFC
declares a need that Occitanie echoes; BFC reuses an ARA catalogue service; this year's
national review threshold. Idempotent."""

import datetime
from decimal import Decimal

from django.utils import timezone

from pilote.acteurs.demo import REGIONS
from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role, User
from pilote.cooperation import services
from pilote.cooperation.models import Need, Reuse
from pilote.portefeuille import services as portfolio
from pilote.portefeuille.models import DigitalService, Project
from pilote.territoires.models import Territory

SOLUTIONS = {"84": "Omnidoc", "27": "Covotem", "76": "Ortif"}
TELECONSULTATION = {
    "84": (
        "ARA-TLC-EHPAD",
        "Téléconsultation en EHPAD",
        "Équiper les EHPAD de chariots de téléconsultation pour que les résidents voient leur "
        "médecin traitant ou un spécialiste sans transport.",
        Decimal("1800000"),
    ),
    "76": (
        "OCC-CONSULT-AGEES",
        "Consultations à distance pour les résidents des maisons de retraite",
        "Les établissements pour personnes âgées dépendantes proposent des téléconsultations "
        "avec les médecins du territoire ; formation des infirmiers coordinateurs.",
        Decimal("650000"),
    ),
}


def _officer(slug) -> User:
    return User.objects.get(email=f"ars-pilotage.{slug}@demo.pilote.fr")


def _role_org(user, role):
    return user.memberships.get(role=role).organisation


def load_cooperation_demo() -> None:
    if Need.objects.exists():
        return
    services.set_threshold(
        acting_user=SYSTEM, year=timezone.localdate().year, amount=Decimal("1000000")
    )
    regions = {
        spec.code: Territory.objects.current().regions().get(code=spec.code) for spec in REGIONS
    }
    slugs = {spec.code: spec.slug for spec in REGIONS}
    for code, region in regions.items():
        officer = _officer(slugs[code])
        for project in Project.objects.in_region(region).order_by("pk"):
            solution = SOLUTIONS[code] if project.code.endswith("-TLM") else ""
            services.save_sheet(
                acting_user=officer,
                project=project,
                values={
                    "shared": True,
                    "solution": solution,
                    "referent_function": "Chef de projet e-santé du GRADeS",
                },
            )
        if code in TELECONSULTATION:
            project_code, title, description, budget = TELECONSULTATION[code]
            grades = _role_org(
                User.objects.get(email=f"grades.{slugs[code]}@demo.pilote.fr"),
                Role.GRADES_MANAGER,
            )
            project = portfolio.create_project(
                acting_user=officer,
                region=region,
                code=project_code,
                title=title,
                description=description,
                moa=_role_org(officer, Role.ARS_OFFICER),
                moa_delegate=grades,
                impulsion="ars",
                socle_services=list(
                    Project.objects.in_region(region)
                    .get(code__endswith="-TLM")
                    .socle_services.all()
                ),
            )
            services.save_sheet(
                acting_user=officer,
                project=project,
                values={
                    "shared": True,
                    "estimated_budget": budget,
                    "budget_band": "1m-5m" if budget >= 1_000_000 else "500k-1m",
                    "solution": SOLUTIONS[code],
                    "target_users": "Résidents et médecins traitants des EHPAD",
                    "referent_function": "Chef de projet télémédecine du GRADeS",
                },
            )
    bfc, occ, ara = regions["27"], regions["76"], regions["84"]
    need = services.declare_need(
        acting_user=_officer("bfc"),
        need=Need(
            region=bfc,
            title="Télésurveillance des patients insuffisants cardiaques à domicile",
            description="Suivre à domicile, avec les cardiologues et les infirmiers libéraux, "
            "les patients sortis d'hospitalisation pour insuffisance cardiaque.",
            horizon=timezone.localdate().year + 1,
            budget_band="500k-1m",
        ),
    )
    services.echo_need(
        acting_user=_officer("occitanie"),
        need=need,
        region=occ,
        context="Deux GHT demandent la même chose ; nous n'avons pas encore de solution.",
    )
    ara_service = DigitalService.objects.published().in_region(ara).order_by("pk").first()
    if ara_service is not None:
        services.declare_reuse(
            acting_user=_officer("bfc"),
            reuse=Reuse(
                region=bfc,
                service=ara_service,
                since=datetime.date(2025, 9, 1),
                adaptation="Paramétrage des établissements de Bourgogne-Franche-Comté.",
            ),
        )
