"""Demo portfolio for the demo regions: strategy, programmes, projects across phases, gates,
milestones, risks, compliance, one convergence per region, catalogue entries. Idempotent."""

import datetime

from django.core.files.base import ContentFile

from pilote.acteurs.models import Organisation, OrganisationType
from pilote.cadre.models import FrameworkVersion
from pilote.comptes.models import Role, User
from pilote.portefeuille import services
from pilote.portefeuille.models import (
    Document,
    DocumentKind,
    Health,
    Milestone,
    Phase,
    Programme,
    ProgrammeKind,
    Project,
    Risk,
    Staffing,
    Strategy,
    StrategyStatus,
)

PROGRAMMES = (
    ("P1", "Déploiement du socle commun de services", ProgrammeKind.SOCLE),
    ("P2", "Programmes nationaux déclinés en région (HOP'EN, e-parcours)", ProgrammeKind.NATIONAL),
    ("P3", "Parcours prioritaires du projet régional de santé", ProgrammeKind.PRS),
    ("P4", "Innovation et expérimentations", ProgrammeKind.INNOVATION),
)
# suffix, title, programme, socle codes, phase, health, reason, targets (pro, patients, citizens)
PROJECTS = (
    (
        "MSS",
        "Déploiement de la messagerie sécurisée de santé",
        "P1",
        ("MSSANTE",),
        Phase.PRODUCTION,
        Health.ON_TRACK,
        "",
        (True, False, False),
    ),
    (
        "DMP",
        "Accompagnement de l'alimentation du DMP par les établissements",
        "P1",
        ("DMP",),
        Phase.DEPLOIEMENT,
        Health.AT_RISK,
        "Alimentation inférieure à la cible dans les EHPAD",
        (True, True, False),
    ),
    (
        "VIATRAJ",
        "Déploiement de viaTrajectoire (sanitaire et grand âge)",
        "P1",
        ("ORIENTATION",),
        Phase.DEPLOIEMENT,
        Health.ON_TRACK,
        "",
        (True, True, True),
    ),
    (
        "ROR",
        "Répertoire opérationnel des ressources régional",
        "P1",
        ("ROR",),
        Phase.PRODUCTION,
        Health.ON_TRACK,
        "",
        (True, False, False),
    ),
    (
        "TLM",
        "Plateforme régionale de télémédecine",
        "P1",
        ("TELEMEDECINE",),
        Phase.PRODUCTION,
        Health.AT_RISK,
        "Renouvellement du marché de la plateforme en cours",
        (True, True, False),
    ),
    (
        "PACS",
        "PACS régional mutualisé",
        "P1",
        ("PACS",),
        Phase.REALISATION,
        Health.OFF_TRACK,
        "Retard de l'éditeur sur l'interface RIS",
        (True, False, False),
    ),
    (
        "EPARCOURS",
        "Outil régional de coordination des parcours (e-parcours)",
        "P2",
        (),
        Phase.EXPERIMENTATION,
        Health.ON_TRACK,
        "",
        (True, True, False),
    ),
    (
        "DCC",
        "Dossier communicant de cancérologie",
        "P3",
        ("DCC",),
        Phase.CADRAGE,
        Health.ON_TRACK,
        "",
        (True, False, False),
    ),
    (
        "TELESURV",
        "Télésurveillance de l'insuffisance cardiaque",
        "P4",
        ("TELEMEDECINE",),
        Phase.OPPORTUNITE,
        Health.ON_TRACK,
        "",
        (True, True, False),
    ),
    (
        "PORTAIL",
        "Portail régional d'information santé pour les usagers",
        "P4",
        (),
        Phase.IDEE,
        Health.ON_TRACK,
        "",
        (False, False, True),
    ),
)
# region code -> (former project suffix, title, target suffix, reason)
CONVERGENCES = {
    "27": (
        "ROR-FC",
        "ROR Franche-Comté (GCS EMOSIST)",
        "ROR",
        "Un seul ROR pour la grande région (note FIR 2016 : cible ROR Bourgogne-Franche-Comté)",
    ),
    "84": (
        "TLM-AUV",
        "Plateforme de télémédecine Auvergne (GCS SIMPA)",
        "TLM",
        "Convergence des outils SIMPA et SISRA au sein du GCS SARA",
    ),
}


def _user(email: str) -> User:
    return User.objects.get(email=email)


def load_portfolio(region, slug: str) -> None:
    prefix = slug.upper()[:3]
    if Project.objects.in_region(region).filter(code=f"{prefix}-MSS").exists():
        return
    officer = _user(f"ars-pilotage.{slug}@demo.pilote.fr")
    manager = _user(f"grades.{slug}@demo.pilote.fr")
    grades = manager.memberships.get(role=Role.GRADES_MANAGER).organisation
    ars = officer.memberships.get(role=Role.ARS_OFFICER).organisation
    hospital = _user(f"porteur.{slug}@demo.pilote.fr").memberships.get().organisation
    strategy = Strategy(
        region=region,
        title=f"Stratégie régionale de e-santé — {region.name}",
        start_year=2018,
        end_year=2022,
        status=StrategyStatus.ADOPTED,
        adopted_on=datetime.date(2018, 3, 15),
        summary="Socle commun en tout point du territoire ; parcours prioritaires "
        "du PRS ; innovation encadrée par des études d'opportunité.",
    )
    services.save_strategy(acting_user=officer, strategy=strategy)
    programmes = {}
    for code, title, kind in PROGRAMMES:
        programme = Programme(strategy=strategy, code=code, title=title, kind=kind)
        services.save_programme(acting_user=officer, programme=programme)
        programmes[code] = programme
    version = FrameworkVersion.objects.in_force()
    socle = {s.code: s for s in version.socle_services.all()}
    projects = {}
    for index, (suffix, title, prog, codes, phase, health, reason, targets) in enumerate(PROJECTS):
        moa = hospital if suffix in ("PACS", "DCC") else ars
        project = services.create_project(
            acting_user=officer,
            region=region,
            code=f"{prefix}-{suffix}",
            title=title,
            programme=programmes[prog],
            moa=moa,
            moa_delegate=grades,
            porteur=f"{manager.first_name} {manager.last_name}",
            impulsion=["nationale", "ars", "membres", "locale"][index % 4],
            phase=phase,
            health=health,
            health_reason=reason,
            target_professionals=targets[0],
            target_patients=targets[1],
            target_citizens=targets[2],
            socle_services=[socle[c] for c in codes],
            description=f"{title} en {region.name}.",
        )
        projects[suffix] = project
        _tracking(project, manager, index)
        if phase == Phase.PRODUCTION:
            services.publish_in_catalogue(acting_user=officer, project=project)
    _walk_gates(projects["TELESURV"], manager, officer)
    former = CONVERGENCES.get(region.code)
    if former:
        suffix, title, target, reason = former
        old = services.create_project(
            acting_user=officer,
            region=region,
            code=f"{prefix}-{suffix}",
            title=title,
            programme=programmes["P1"],
            moa=ars,
            moa_delegate=_former_operator(region) or grades,
            impulsion="ars",
            phase=Phase.PRODUCTION,
            socle_services=[
                socle[c] for c in projects[target].socle_services.values_list("code", flat=True)
            ],
        )
        services.converge(acting_user=officer, source=old, target=projects[target], reason=reason)


def _former_operator(region):
    return (
        Organisation.objects.in_region(region)
        .filter(type=OrganisationType.GRADES, is_active=False)
        .order_by("name")
        .first()
    )


def _tracking(project, manager, index: int) -> None:
    today = datetime.date(2026, 11, 25)
    for months, title, done in (
        (-18, "Note de cadrage validée", True),
        (-6, "Mise en service pilote", index % 3 != 0),
        (4, "Généralisation", False),
    ):
        planned = today + datetime.timedelta(days=30 * months)
        services.save_child(
            acting_user=manager,
            project=project,
            child=Milestone(
                title=title,
                planned_on=planned,
                actual_on=planned if done else None,
                forecast_on=None if done else planned + datetime.timedelta(days=60 * (index % 2)),
            ),
        )
    services.save_child(
        acting_user=manager,
        project=project,
        child=Risk(
            title="Adhésion insuffisante des professionnels libéraux",
            probability=1 + index % 4,
            impact=2 + index % 3,
            owner="Chef de projet GRADeS",
            mitigation="Accompagnement par les URPS, ateliers de déploiement",
        ),
    )
    for year in (2025, 2026):
        services.save_child(
            acting_user=manager,
            project=project,
            child=Staffing(profile="chef_projet", year=year, fte=1 if index % 2 else 0.5),
        )


def _walk_gates(project, manager, officer) -> None:
    """Take one project through real gate decisions so its history shows them."""
    document = Document(
        kind=DocumentKind.OPPORTUNITE, title="Étude d'opportunité", uploaded_by=manager
    )
    document.file.save(
        "etude-opportunite.txt",
        ContentFile("Étude d'opportunité (démonstration)".encode()),
        save=False,
    )
    services.save_child(acting_user=manager, project=project, child=document)
    gate = services.request_gate(
        acting_user=manager,
        project=project,
        to_phase=Phase.CADRAGE,
        note="Étude d'opportunité jointe",
    )
    services.decide_gate(
        acting_user=officer, gate=gate, approve=True, basis="Avis favorable du COSSIS"
    )
    for item in services.ensure_checklist(acting_user=manager, project=project):
        applicable = item.referentiel_id is None or item.referentiel.code != "FINESS"
        services.update_compliance(
            acting_user=manager,
            item=item,
            applicable=applicable,
            met=(item.pk % 5 != 0) if applicable else None,
            evidence="Note de cadrage" if applicable and item.pk % 5 != 0 else "",
        )
