"""The three indices: criteria pre-filled from what Pilote holds (with their source), the
respondent's corrections (justified), the national review, the levels; the ARS questionnaire."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.contrats.models import Cpom, CpomVersion
from pilote.enquete import services, services_answers
from pilote.enquete.models import Review
from pilote.financement.models import Allocation, BudgetLine, Channel, Envelope, Funder, Origin


@pytest.fixture
def grid(bfc, admin):
    campaign = services.create_campaign(acting_user=admin, name="Enquête 2025", years=[2025])
    return services.start_grid(acting_user=bfc.manager, campaign=campaign, year=2025)


def answers(grid):
    return {a.criterion: a for a in grid.criteria.all()}


def levels(grid):
    return {ix["index"]["code"]: ix["level"] for ix in services_answers.index_levels(grid)}


def test_without_evidence_every_criterion_waits_for_the_respondent(grid):
    found = answers(grid)
    assert len(found) == 13  # 5 + 4 + 4 criteria of annex 5.2
    assert not any(a.prefilled for a in found.values())
    assert levels(grid) == {"pilotage": 1, "stabilite": 1, "professionnalisation": 1}


def test_a_signed_cpom_and_two_funders_prefill_their_criteria(bfc, admin):
    cpom = Cpom.objects.create(
        region=bfc.region, operator=bfc.grades, title="CPOM GRADeS", start_year=2024, end_year=2026
    )
    CpomVersion.objects.create(cpom=cpom, number=1, signed_on=datetime.date(2024, 1, 15))
    line = BudgetLine.objects.create(code="gcs", name="GCS e-santé", domain="e_sante")
    for code, kind in (("ars", "ars_fir"), ("region", "conseil_regional")):
        funder = Funder.objects.create(code=code, name=f"Financeur {code}", kind=kind)
        envelope = Envelope.objects.create(
            region=bfc.region,
            funder=funder,
            line=line,
            year=2025,
            amount=Decimal("100000"),
            channel=Channel.GRADES,
            origin=Origin.REGIONAL,
        )
        Allocation.objects.create(
            envelope=envelope,
            beneficiary=bfc.grades,
            label="Fonctionnement",
            amount=Decimal("50000"),
            programmed_on=datetime.date(2025, 2, 1),
        )
    campaign = services.create_campaign(acting_user=admin, name="Enquête 2025", years=[2025])
    grid = services.start_grid(acting_user=bfc.manager, campaign=campaign, year=2025)
    found = answers(grid)
    assert found["cpom"].prefilled and found["cpom"].met
    assert found["cpom"].source == "CPOM « CPOM GRADeS » (2024–2026), signé — module Contrats"
    assert found["diversite_financeurs"].met
    assert "Financeur ars, Financeur region" in found["diversite_financeurs"].source
    assert not found["financement_3_ans"].prefilled  # funded in 2025 only
    assert levels(grid)["pilotage"] == 1  # 1 of 5 criteria
    assert levels(grid)["stabilite"] == 1  # 1 of 4

    # correcting what Pilote pre-filled needs a justification
    with pytest.raises(ValidationError) as refused:
        services_answers.answer_criterion(acting_user=bfc.manager, answer=found["cpom"], met=False)
    assert "justifiez" in refused.value.message_dict["justification"][0]
    corrected = services_answers.answer_criterion(
        acting_user=bfc.manager,
        answer=found["cpom"],
        met=False,
        justification="Le CPOM est dénoncé depuis mars 2025.",
    )
    assert (corrected.met, corrected.confirmed) == (False, True)
    assert corrected.history.first().history_change_reason == "Critère corrigé"
    # a confirmed answer is not overwritten by a later pre-fill
    services_answers.prefill_criteria(acting_user=bfc.manager, grid=grid)
    assert answers(grid)["cpom"].met is False


def test_levels_follow_the_criteria_met(grid, bfc):
    found = answers(grid)
    services_answers.answer_criterion(
        acting_user=bfc.manager,
        answer=found["gestion_projet"],
        subcriteria=["suivi_budget", "suivi_planning", "copil"],
    )
    services_answers.answer_criterion(
        acting_user=bfc.manager, answer=found["directeur"], subcriteria=["projets_si"]
    )
    # two sub-criteria of four: communication is not met
    services_answers.answer_criterion(
        acting_user=bfc.manager, answer=found["communication"], subcriteria=["outils", "strategie"]
    )
    assert levels(grid)["professionnalisation"] == 2
    services_answers.answer_criterion(
        acting_user=bfc.manager,
        answer=found["prestataires"],
        subcriteria=["pilotage", "achats"],
    )
    assert levels(grid)["professionnalisation"] == 3
    with pytest.raises(ValidationError):
        services_answers.answer_criterion(
            acting_user=bfc.manager, answer=found["prestataires"], subcriteria=["inconnu"]
        )


def test_the_national_reviewer_verifies_or_sends_back(grid, bfc, admin):
    answer = answers(grid)["alignement"]
    with pytest.raises(PermissionDenied):
        services_answers.review_criterion(
            acting_user=bfc.officer, answer=answer, review=Review.VERIFIED
        )
    with pytest.raises(ValidationError):
        services_answers.review_criterion(
            acting_user=admin, answer=answer, review=Review.TO_CORRECT
        )
    sent_back = services_answers.review_criterion(
        acting_user=admin, answer=answer, review=Review.TO_CORRECT, comment="Joindre la feuille"
    )
    assert sent_back.review == Review.TO_CORRECT
    answered = services_answers.answer_criterion(acting_user=bfc.manager, answer=answer, met=True)
    assert answered.review == Review.PENDING  # corrected: to verify again


def test_the_ars_answers_its_questionnaire(bfc, ara, admin):
    campaign = services.create_campaign(acting_user=admin, name="Enquête 2025", years=[2025])
    args = {"campaign": campaign, "region": bfc.region}
    with pytest.raises(PermissionDenied):
        services_answers.answer_questionnaire(acting_user=bfc.manager, answers={}, **args)
    with pytest.raises(PermissionDenied):
        services_answers.answer_questionnaire(acting_user=ara.officer, answers={}, **args)
    with pytest.raises(ValidationError) as refused:
        services_answers.answer_questionnaire(
            acting_user=bfc.officer, answers={"q6": 7, "q1": "Peut-être"}, **args
        )
    assert refused.value.messages == [
        "Q1 : choisissez une des réponses proposées.",
        "Q6 : une note de 0 à 5.",
    ]
    partial = {"q1": "Oui dès 2013", "q6": "4"}
    saved = services_answers.answer_questionnaire(acting_user=bfc.officer, answers=partial, **args)
    assert saved.answers == {"q1": "Oui dès 2013", "q6": 4}
    with pytest.raises(ValidationError, match="manquent : Q2, Q3, Q4, Q5, Q7, Q8, Q9"):
        services_answers.answer_questionnaire(
            acting_user=bfc.officer, answers=partial, submit=True, **args
        )
    items = campaign.methodology.definition["questions"][7]["items"]
    full = {
        **partial,
        "q2": "Plutôt",
        "q3": "Oui",
        "q4": "En cours",
        "q5": "Non",
        "q7": "Assez cohérent",
        "q8": {items[0]: 1, items[3]: 2},
        "q9": 3,
    }
    submitted = services_answers.answer_questionnaire(
        acting_user=bfc.officer, answers=full, submit=True, **args
    )
    assert submitted.submitted_at is not None and submitted.submitted_by == bfc.officer
    with pytest.raises(ValidationError):
        services_answers.answer_questionnaire(
            acting_user=bfc.officer, answers={**full, "q8": {items[0]: 1, items[1]: 1}}, **args
        )
