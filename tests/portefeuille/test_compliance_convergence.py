import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.portefeuille import services
from pilote.portefeuille.models import GateDecision, Phase, Project
from tests.factories import ProjectFactory


def test_the_checklist_lists_the_version_in_force(world, bfc_project, framework):
    items = list(services.ensure_checklist(acting_user=SYSTEM, project=bfc_project))
    assert len(items) == framework.referentiels.count() + framework.principles.count()
    again = services.ensure_checklist(acting_user=SYSTEM, project=bfc_project)
    assert again.count() == len(items)  # created once


def test_compliance_answers_are_checked(world, bfc_project):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    item = (
        services.ensure_checklist(acting_user=manager, project=bfc_project)
        .filter(referentiel__code="INS")
        .get()
    )
    with pytest.raises(ValidationError, match="indiquez la preuve"):
        services.update_compliance(acting_user=manager, item=item, applicable=True, met=True)
    with pytest.raises(ValidationError, match="non applicable"):
        services.update_compliance(acting_user=manager, item=item, applicable=False, met=False)
    services.update_compliance(
        acting_user=manager,
        item=item,
        applicable=True,
        met=False,
        comment="INS qualifié prévu en 2018",
    )
    item.refresh_from_db()
    assert (item.applicable, item.met) == (True, False)
    assert item.history.latest().history_user == manager


def test_another_region_cannot_fill_the_checklist(world, bfc_project):
    item = services.ensure_checklist(acting_user=SYSTEM, project=bfc_project).first()
    with pytest.raises(PermissionDenied):
        services.update_compliance(
            acting_user=world.ara.users[Role.ARS_OFFICER], item=item, applicable=True, met=None
        )


def test_the_regional_view_lists_projects_with_unmet_applicable_referentiels(world, bfc_project):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    compliant = ProjectFactory(region=world.bfc.region, moa=world.bfc.grades, code="BFC-OK")
    for project, met in ((bfc_project, False), (compliant, True)):
        for item in services.ensure_checklist(acting_user=manager, project=project):
            if item.referentiel_id:
                services.update_compliance(
                    acting_user=manager,
                    item=item,
                    applicable=True,
                    met=met,
                    evidence="Audit 2017" if met else "",
                )
    flagged = services.projects_with_unmet_referentiels(Project.objects.in_region(world.bfc.region))
    assert list(flagged) == [bfc_project]


def test_convergence_stops_the_source_and_keeps_its_history(world, bfc_project):
    officer = world.bfc.users[Role.ARS_OFFICER]
    franche_comte_ror = ProjectFactory(
        region=world.bfc.region,
        moa=world.bfc.grades,
        code="FC-ROR",
        title="ROR Franche-Comté",
        phase=Phase.PRODUCTION,
    )
    services.converge(
        acting_user=officer,
        source=franche_comte_ror,
        target=bfc_project,
        reason="Un seul ROR pour la grande région (note FIR 2016)",
    )
    franche_comte_ror.refresh_from_db()
    assert franche_comte_ror.phase == Phase.ARRETE
    assert franche_comte_ror.converged_into == bfc_project
    assert list(bfc_project.absorbed_projects.all()) == [franche_comte_ror]
    decision = GateDecision.objects.get(project=franche_comte_ror)
    assert decision.from_phase == Phase.PRODUCTION and "Un seul ROR" in decision.decision_basis
    phases = [h.phase for h in franche_comte_ror.history.order_by("history_date")]
    assert phases[0] == Phase.PRODUCTION and phases[-1] == Phase.ARRETE
    with pytest.raises(ValidationError, match="déjà convergé"):
        services.converge(
            acting_user=officer, source=franche_comte_ror, target=bfc_project, reason="encore"
        )


def test_only_the_ars_decides_a_convergence(world, bfc_project):
    other = ProjectFactory(region=world.bfc.region, moa=world.bfc.grades, code="X")
    with pytest.raises(PermissionDenied):
        services.converge(
            acting_user=world.bfc.users[Role.GRADES_MANAGER],
            source=other,
            target=bfc_project,
            reason="x",
        )
