"""The national prior review blocks a financial commitment until it has decided."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.cooperation import review, services
from pilote.cooperation.models import ReviewDecision
from pilote.financement.reference import load_funding_reference
from pilote.portefeuille.models import Phase
from tests.cooperation.conftest import share
from tests.financement.conftest import notify
from tests.financement.test_services import commit, programme
from tests.portefeuille.test_gates import attach_opportunity_study, move


@pytest.fixture
def ready(world, bfc_project):
    """The BFC project past its opportunity study, with a programming of 50,000 €."""
    load_funding_reference(acting_user=SYSTEM)
    officer, manager = world.bfc.users[Role.ARS_OFFICER], world.bfc.users[Role.GRADES_MANAGER]
    move(bfc_project, Phase.OPPORTUNITE, manager, officer)
    attach_opportunity_study(bfc_project, manager)
    move(bfc_project, Phase.CADRAGE, manager, officer)
    envelope = notify(officer, world.bfc.region, "100000.00")
    return programme(officer, envelope, world.bfc.hospital, "50000", project=bfc_project)


def decide(world, project, decision):
    return services.record_review(
        acting_user=world.national_admin,
        project=project,
        values={"cooperation_potential": "Deux régions ont le même besoin.", "decision": decision},
    )


def test_a_strategic_project_is_committed_only_after_the_national_review(world, ready, bfc_project):
    officer = world.bfc.users[Role.ARS_OFFICER]
    share(officer, bfc_project, strategic=True)
    with pytest.raises(ValidationError, match="revue nationale préalable"):
        commit(officer, ready, "50000")
    decide(world, bfc_project, ReviewDecision.POSTPONE)
    with pytest.raises(ValidationError, match="a reporté le projet BFC-ROR"):
        commit(officer, ready, "50000")
    decide(world, bfc_project, ReviewDecision.ALONE)
    assert commit(officer, ready, "50000").amount == Decimal("50000.00")


def test_a_budget_above_this_years_threshold_needs_the_review(world, ready, bfc_project):
    officer = world.bfc.users[Role.ARS_OFFICER]
    share(officer, bfc_project, estimated_budget=Decimal(2_000_000))
    assert not review.review_required(bfc_project)  # no threshold set yet
    services.set_threshold(
        acting_user=world.national_admin, year=timezone.localdate().year, amount=Decimal(1_000_000)
    )
    assert review.review_required(bfc_project)
    with pytest.raises(ValidationError, match="aucune décision"):
        commit(officer, ready, "50000")
    services.record_review(
        acting_user=world.national_admin,
        project=bfc_project,
        values={"cooperation_potential": "Forte", "decision": ReviewDecision.COOPERATION},
        partner_regions=[world.ara.region],
    )
    assert commit(officer, ready, "50000")


def test_a_review_names_its_partners_or_its_solution_and_only_the_nation_records_it(
    world, bfc_project
):
    values = {"cooperation_potential": "x", "decision": ReviewDecision.COOPERATION}
    with pytest.raises(ValidationError) as refused:
        services.record_review(acting_user=world.national_admin, project=bfc_project, values=values)
    assert "partner_regions" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.record_review(
            acting_user=world.national_admin,
            project=bfc_project,
            values={**values, "decision": ReviewDecision.REUSE},
        )
    assert "reused_solution" in refused.value.message_dict
    for user in (world.bfc.users[Role.ARS_OFFICER], world.national_reader):
        with pytest.raises(PermissionDenied):
            services.record_review(acting_user=user, project=bfc_project, values=values)
    made = services.record_review(
        acting_user=world.national_admin,
        project=bfc_project,
        values={
            **values,
            "decision": ReviewDecision.REUSE,
            "reused_solution": "Omnidoc",
            "decided_on": datetime.date(2026, 5, 4),
        },
    )
    assert review.latest_review(bfc_project) == made
