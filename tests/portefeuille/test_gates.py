import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from pilote.comptes.models import Role
from pilote.portefeuille import services
from pilote.portefeuille.models import Document, DocumentKind, GateStatus, Phase


def officer(world):
    return world.bfc.users[Role.ARS_OFFICER]


def manager(world):
    return world.bfc.users[Role.GRADES_MANAGER]


def attach_opportunity_study(project, user):
    doc = Document(kind=DocumentKind.OPPORTUNITE, title="Étude d'opportunité ROR")
    doc.file.save("etude.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    doc.uploaded_by = user
    services.save_child(acting_user=user, project=project, child=doc)


def fill_checklist(project, user):
    for item in services.ensure_checklist(acting_user=user, project=project):
        services.update_compliance(
            acting_user=user, item=item, applicable=True, met=True, evidence="Note de cadrage § 4"
        )


def move(project, to_phase, requester, decider, basis="COSSIS du 12/06/2017"):
    gate = services.request_gate(acting_user=requester, project=project, to_phase=to_phase)
    services.decide_gate(acting_user=decider, gate=gate, approve=True, basis=basis)
    project.refresh_from_db()
    return gate


def test_a_manager_asks_and_the_ars_approves_the_next_phase(world, bfc_project):
    gate = move(bfc_project, Phase.OPPORTUNITE, manager(world), officer(world))
    assert bfc_project.phase == Phase.OPPORTUNITE
    gate.refresh_from_db()
    assert (gate.status, gate.decided_by, gate.decision_basis) == (
        GateStatus.APPROVED,
        officer(world),
        "COSSIS du 12/06/2017",
    )
    last = bfc_project.history.latest()
    assert last.history_user == officer(world)
    assert "Idée → Étude d'opportunité" in last.history_change_reason


def test_phases_follow_each_other(world, bfc_project):
    with pytest.raises(ValidationError, match="les phases se suivent dans l'ordre"):
        services.request_gate(
            acting_user=manager(world), project=bfc_project, to_phase=Phase.REALISATION
        )


def test_only_one_request_at_a_time(world, bfc_project):
    services.request_gate(
        acting_user=manager(world), project=bfc_project, to_phase=Phase.OPPORTUNITE
    )
    with pytest.raises(ValidationError, match="déjà en attente"):
        services.request_gate(
            acting_user=officer(world), project=bfc_project, to_phase=Phase.OPPORTUNITE
        )


def test_nobody_decides_on_their_own_request(world, bfc_project):
    gate = services.request_gate(
        acting_user=officer(world), project=bfc_project, to_phase=Phase.OPPORTUNITE
    )
    with pytest.raises(PermissionDenied):
        services.decide_gate(acting_user=officer(world), gate=gate, approve=True, basis="x")


def test_the_delegated_moa_cannot_decide_an_ars_gate(world, bfc_project):
    gate = services.request_gate(
        acting_user=world.bfc.users[Role.PROJECT_OWNER],
        project=bfc_project,
        to_phase=Phase.OPPORTUNITE,
    )
    with pytest.raises(PermissionDenied):
        services.decide_gate(acting_user=manager(world), gate=gate, approve=True, basis="x")


def test_the_delegated_moa_decides_operational_gates(world, bfc_project):
    move(bfc_project, Phase.OPPORTUNITE, manager(world), officer(world))
    attach_opportunity_study(bfc_project, manager(world))
    move(bfc_project, Phase.CADRAGE, manager(world), officer(world))
    fill_checklist(bfc_project, manager(world))
    move(bfc_project, Phase.REALISATION, manager(world), officer(world))
    owner = world.bfc.users[Role.PROJECT_OWNER]
    move(bfc_project, Phase.EXPERIMENTATION, owner, manager(world), basis="Recette validée")
    assert bfc_project.phase == Phase.EXPERIMENTATION


def test_another_region_cannot_decide(world, bfc_project):
    gate = services.request_gate(
        acting_user=manager(world), project=bfc_project, to_phase=Phase.OPPORTUNITE
    )
    with pytest.raises(PermissionDenied):
        services.decide_gate(
            acting_user=world.ara.users[Role.ARS_OFFICER], gate=gate, approve=True, basis="x"
        )


def test_a_decision_needs_a_basis_and_a_refusal_keeps_the_phase(world, bfc_project):
    gate = services.request_gate(
        acting_user=manager(world), project=bfc_project, to_phase=Phase.OPPORTUNITE
    )
    with pytest.raises(ValidationError, match="fondement"):
        services.decide_gate(acting_user=officer(world), gate=gate, approve=True, basis=" ")
    services.decide_gate(
        acting_user=officer(world), gate=gate, approve=False, basis="Besoin non démontré"
    )
    bfc_project.refresh_from_db()
    assert bfc_project.phase == Phase.IDEE
    with pytest.raises(ValidationError, match="déjà été décidée"):
        services.decide_gate(acting_user=officer(world), gate=gate, approve=True, basis="x")


def test_framing_needs_the_opportunity_study_document(world, bfc_project):
    move(bfc_project, Phase.OPPORTUNITE, manager(world), officer(world))
    with pytest.raises(ValidationError, match="Joignez l'étude d'opportunité"):
        services.request_gate(
            acting_user=manager(world), project=bfc_project, to_phase=Phase.CADRAGE
        )


def test_build_needs_a_complete_compliance_checklist(world, bfc_project):
    move(bfc_project, Phase.OPPORTUNITE, manager(world), officer(world))
    attach_opportunity_study(bfc_project, manager(world))
    move(bfc_project, Phase.CADRAGE, manager(world), officer(world))
    with pytest.raises(ValidationError, match="grille de conformité"):
        services.request_gate(
            acting_user=manager(world), project=bfc_project, to_phase=Phase.REALISATION
        )


def test_no_financial_commitment_before_the_opportunity_study_is_approved(world, bfc_project):
    with pytest.raises(services.CommitmentRefused) as refused:
        services.check_commitment_allowed(bfc_project)
    assert "étude d'opportunité du projet BFC-ROR n'est pas approuvée" in refused.value.messages[0]
    assert "phase actuelle : Idée" in refused.value.messages[0]
    move(bfc_project, Phase.OPPORTUNITE, manager(world), officer(world))
    with pytest.raises(services.CommitmentRefused):  # in study: still not approved
        services.check_commitment_allowed(bfc_project)
    attach_opportunity_study(bfc_project, manager(world))
    move(bfc_project, Phase.CADRAGE, manager(world), officer(world))
    services.check_commitment_allowed(bfc_project)  # no exception


def test_production_publishes_the_project_in_the_catalogue(world, bfc_project):
    from pilote.portefeuille.models import DigitalService, Project

    Project.objects.filter(pk=bfc_project.pk).update(phase=Phase.DEPLOIEMENT)
    bfc_project.refresh_from_db()
    move(bfc_project, Phase.PRODUCTION, manager(world), officer(world))
    entry = DigitalService.objects.get(project=bfc_project)
    assert entry.operator == world.bfc.grades
    assert entry.region == world.bfc.region
    assert list(DigitalService.objects.published()) == [entry]
