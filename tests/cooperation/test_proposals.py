"""A region proposes to carry a project together; the invited ones accept or decline."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.cooperation import services
from pilote.cooperation.models import Answer, Invitation, Proposal, Reuse
from pilote.portefeuille.models import DigitalService, Project
from tests.conftest import RegionWorld


@pytest.fixture
def third(world):
    return RegionWorld("Occitanie")


def test_an_accepted_proposal_makes_the_project_co_carried(client, world, third, bfc_project):
    bfc, ara = world.bfc.users[Role.ARS_OFFICER], world.ara.users[Role.ARS_OFFICER]
    with pytest.raises(PermissionDenied):
        services.propose(
            acting_user=ara, project=bfc_project, regions=[ara_region(world)], message="x"
        )
    proposal = services.propose(
        acting_user=bfc,
        project=bfc_project,
        regions=[world.ara.region, third.region],
        message="Porter ensemble le ROR.",
    )
    assert not Project.objects.visible_to(ara).filter(pk=bfc_project.pk).exists()
    # the invited regions read the proposal, not a region left out
    outsider = RegionWorld("Bretagne").users[Role.ARS_OFFICER]
    assert Proposal.objects.visible_to(ara).get() == proposal
    assert not Proposal.objects.visible_to(outsider).exists()
    to_ara = Invitation.objects.get(region=world.ara.region)
    with pytest.raises(PermissionDenied):
        services.answer(acting_user=bfc, invitation=to_ara, accept=True, cost_share=Decimal(30))
    with pytest.raises(ValidationError, match="part des coûts"):
        services.answer(acting_user=ara, invitation=to_ara, accept=True)
    services.answer(acting_user=ara, invitation=to_ara, accept=True, cost_share=Decimal(30))
    assert Project.objects.visible_to(ara).filter(pk=bfc_project.pk).exists()
    assert Project.objects.carried_in(world.ara.region).filter(pk=bfc_project.pk).exists()
    assert services.lead_share(bfc_project) == Decimal(70)
    with pytest.raises(ValidationError, match="déjà répondu"):
        services.answer(acting_user=ara, invitation=to_ara, accept=False, reason="non")
    # one history: the acceptance is on the project's own history
    assert "Auvergne-Rhône-Alpes" in bfc_project.history.first().history_change_reason
    # the project shows in the partner's portfolio page, not in a region left out
    client.force_login(ara)
    assert "ROR BFC" in client.get(reverse("portefeuille:list")).text
    client.force_login(outsider)
    assert "ROR BFC" not in client.get(reverse("portefeuille:list")).text


def test_a_declined_proposal_gives_a_reason_and_shares_nothing(world, third, bfc_project):
    services.propose(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        project=bfc_project,
        regions=[third.region],
        message="Ensemble ?",
    )
    invitation = Invitation.objects.get()
    officer = third.users[Role.ARS_OFFICER]
    with pytest.raises(ValidationError, match="motif"):
        services.answer(acting_user=officer, invitation=invitation, accept=False)
    services.answer(
        acting_user=officer,
        invitation=invitation,
        accept=False,
        reason="Notre ROR est déjà en production.",
    )
    invitation.refresh_from_db()
    assert invitation.status == Answer.DECLINED
    assert not Project.objects.visible_to(officer).filter(pk=bfc_project.pk).exists()


def test_cost_shares_never_exceed_the_whole(world, third, bfc_project):
    services.propose(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        project=bfc_project,
        regions=[world.ara.region, third.region],
        message="Ensemble",
    )
    services.answer(
        acting_user=world.ara.users[Role.ARS_OFFICER],
        invitation=Invitation.objects.get(region=world.ara.region),
        accept=True,
        cost_share=Decimal(80),
    )
    with pytest.raises(ValidationError, match="20"):
        services.answer(
            acting_user=third.users[Role.ARS_OFFICER],
            invitation=Invitation.objects.get(region=third.region),
            accept=True,
            cost_share=Decimal(30),
        )


def ara_region(world):
    return world.ara.region


def test_reuse_is_shown_on_the_public_catalogue(client, world):
    entry = DigitalService.objects.create(
        region=world.ara.region, name="Omnidoc ARA", operator=world.ara.grades
    )
    with pytest.raises(ValidationError, match="autre région"):
        services.declare_reuse(
            acting_user=world.ara.users[Role.ARS_OFFICER],
            reuse=Reuse(region=world.ara.region, service=entry, since="2026-01-01"),
        )
    services.declare_reuse(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        reuse=Reuse(
            region=world.bfc.region,
            service=entry,
            since="2026-01-01",
            adaptation="Paramétrage des EHPAD",
        ),
    )
    page = client.get(reverse("catalogue:region", args=[world.ara.region.code]))
    assert "Utilisé aussi en" in page.text and "Bourgogne-Franche-Comté" in page.text
    with pytest.raises(PermissionDenied):
        services.declare_reuse(
            acting_user=world.bfc.users[Role.PROJECT_OWNER],
            reuse=Reuse(region=world.bfc.region, service=entry, since="2026-01-01"),
        )
