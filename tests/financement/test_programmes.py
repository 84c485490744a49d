"""National usage-based programmes (SUN-ES, ESMS numérique): the national level defines a
window (eligible establishments, usage target, lump sum); a region rolls it out through the
ordinary funding services; an establishment's lump sum turns payable exactly when its accepted
value reaches the target — never on entered, submitted or validated data."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.financement import programmes
from pilote.financement.models import Allocation, Funder, Tranche, TrancheStatus
from pilote.financement.models_programmes import ProgrammeWindow, Rollout, UsageProgramme
from pilote.indicateurs import workflow
from pilote.indicateurs.models import DataElement
from tests.financement.conftest import notify
from tests.indicateurs.test_establishment_reports import by_establishment
from tests.reporting import enter, validate_and_accept

D = Decimal
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture
def campaign_es(world, establishments):
    """The establishments' 2026S2 campaign (BFC hospital, CH Dole, HCL in ARA)."""
    dataset, hospital, dole, lyon = establishments
    by_establishment(dataset, [hospital, dole, lyon])
    today = datetime.date.today()
    return workflow.open_campaign(
        acting_user=world.national_admin,
        dataset=dataset,
        period="2026S2",
        opens_on=today,
        deadline=today + datetime.timedelta(days=5),
        locks_on=today + datetime.timedelta(days=10),
    )


@pytest.fixture
def window(world, funding_reference, campaign_es):
    programme = programmes.save_programme(
        acting_user=world.national_admin,
        programme=UsageProgramme(
            code="sun-es",
            name="SUN-ES",
            funder=Funder.objects.get(code="agence-nationale"),
        ),
    )
    return programmes.save_window(
        acting_user=world.national_admin,
        window=ProgrammeWindow(
            programme=programme,
            name="Fenêtre 1",
            period="2026S2",
            data_element=DataElement.objects.get(code="DMP_CREES"),
            threshold=100,
            lump_sum=D("45000.50"),
            eligible_types=["hopital_public"],
        ),
    )


@pytest.fixture
def rollout(world, officer, window):
    envelope = notify(officer, world.bfc.region, "200000.00", line="e-sante-paerpa")
    return programmes.roll_out(
        acting_user=officer,
        window=window,
        region=world.bfc.region,
        envelope=envelope,
        decided_on=datetime.date(2026, 3, 1),
    )


def report_of(campaign, organisation):
    return campaign.reports.get(organisation=organisation)


def submit(world, campaign, organisation, value):
    report = report_of(campaign, organisation)
    enter(world.bfc, report, DMP_CREES=value)
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    return report


def tranche_of(rollout, organisation) -> Tranche:
    return rollout.lines.get(establishment=organisation).tranche


def test_rolling_out_creates_a_programming_a_commitment_and_a_tranche_per_eligible_establishment(
    world, establishments, rollout
):
    _dataset, hospital, dole, _lyon = establishments
    assert {line.establishment for line in rollout.lines.all()} == {hospital, dole}
    for line in rollout.lines.select_related("tranche__commitment__allocation"):
        tranche = line.tranche
        allocation = tranche.commitment.allocation
        assert allocation.beneficiary == line.establishment
        assert allocation.amount == tranche.commitment.amount == tranche.amount == D("45000.50")
        assert (tranche.organisation, tranche.period, tranche.threshold) == (
            line.establishment,
            "2026S2",
            100,
        )
        assert tranche.status == TrancheStatus.WAITING


def test_the_lump_sum_is_payable_exactly_when_the_accepted_value_reaches_the_target(
    world,
    establishments,
    campaign_es,
    rollout,
    mailoutbox,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    _dataset, hospital, dole, _lyon = establishments
    low = submit(world, campaign_es, hospital, "99")
    validate_and_accept(world.bfc, world.national_admin, low)
    assert tranche_of(rollout, hospital).status == TrancheStatus.WAITING  # 99 < 100
    high = submit(world, campaign_es, dole, "100")
    workflow.validate_report(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        report=high,
        confirmation_reason="Remontée partielle",
    )
    assert tranche_of(rollout, dole).status == TrancheStatus.WAITING  # validated, not accepted
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept_report(
            acting_user=world.national_admin, report=high, confirmation_reason="Remontée partielle"
        )
    tranche = tranche_of(rollout, dole)
    high.refresh_from_db()
    assert tranche.status == TrancheStatus.PAYABLE
    assert (tranche.evidence_value, tranche.evidence_report) == (100.0, high)
    assert tranche.evidence_accepted_at == high.accepted_at
    mail = [m for m in mailoutbox if "tranche payable" in m.subject]
    assert len(mail) == 1 and mail[0].to == [world.bfc.users[Role.ARS_OFFICER].email]
    # the hospital's corrected value, accepted, crosses the target too
    workflow.unlock_report(acting_user=world.national_admin, report=low, reason="Erreur")
    enter(world.bfc, low, DMP_CREES="150")
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=low)
    assert tranche_of(rollout, hospital).status == TrancheStatus.WAITING  # not accepted yet
    validate_and_accept(world.bfc, world.national_admin, low)
    assert tranche_of(rollout, hospital).evidence_value == 150.0


def test_the_national_page_and_the_api_show_who_reached_the_target_and_what_is_due(
    client, world, establishments, campaign_es, rollout
):
    _dataset, _hospital, dole, _lyon = establishments
    validate_and_accept(world.bfc, world.national_admin, submit(world, campaign_es, dole, "120"))
    programme = rollout.window.programme
    client.force_login(world.national_reader)
    page = client.get(reverse("financement:programme", args=[programme.pk])).content.decode()
    page = page.replace(NNBSP, " ").replace(NBSP, " ")
    assert "1 établissement sur 2 a atteint la cible" in page
    assert "dû (payable) : 45 000,50 €" in page and "Engagé : 90 001,00 €" in page
    assert "CH Dole" in page and "120" in page
    answer = client.get(f"/api/v1/funding/programmes/{programme.pk}").json()
    window = answer["windows"][0]
    assert (window["reached"], window["due"], window["committed"]) == (1, "45000.50", "90001.00")
    client.force_login(world.ara.users[Role.ARS_OFFICER])  # another region's lines: not shown
    answer = client.get(f"/api/v1/funding/programmes/{programme.pk}").json()
    assert answer["windows"][0]["lines"] == []
    page = client.get(reverse("financement:programme", args=[programme.pk])).content.decode()
    assert "CH Dole" not in page
    client.force_login(world.bfc.users[Role.PROJECT_OWNER])
    assert client.get(reverse("financement:programme", args=[programme.pk])).status_code == 404


def test_an_envelope_too_small_rolls_out_nothing(world, officer, window):
    envelope = notify(officer, world.bfc.region, "50000.00")
    with pytest.raises(ValidationError, match="reste à programmer"):
        programmes.roll_out(
            acting_user=officer,
            window=window,
            region=world.bfc.region,
            envelope=envelope,
            decided_on=datetime.date(2026, 3, 1),
        )
    assert not Rollout.objects.exists() and not Allocation.objects.exists()


def test_rolling_out_again_adds_only_the_newly_eligible(world, officer, window, rollout):
    from tests.factories import OrganisationFactory

    newcomer = OrganisationFactory(name="CH Beaune", departement=world.bfc.departement)
    again = programmes.roll_out(
        acting_user=officer,
        window=window,
        region=world.bfc.region,
        envelope=rollout.envelope,
        decided_on=datetime.date(2026, 4, 1),
    )
    assert again == rollout and rollout.lines.count() == 3
    assert rollout.lines.filter(establishment=newcomer).exists()
    with pytest.raises(ValidationError, match="Aucun nouvel établissement"):
        programmes.roll_out(
            acting_user=officer,
            window=window,
            region=world.bfc.region,
            envelope=rollout.envelope,
            decided_on=datetime.date(2026, 4, 1),
        )


def test_only_the_national_administrator_defines_and_only_the_ars_rolls_out(
    client, world, officer, window
):
    with pytest.raises(PermissionDenied):
        programmes.save_programme(
            acting_user=officer,
            programme=UsageProgramme(code="x", name="X", funder=window.programme.funder),
        )
    envelope = notify(officer, world.bfc.region, "100000.00")
    with pytest.raises(PermissionDenied):
        programmes.roll_out(
            acting_user=world.bfc.users[Role.GRADES_MANAGER],
            window=window,
            region=world.bfc.region,
            envelope=envelope,
            decided_on=datetime.date(2026, 3, 1),
        )
    client.force_login(world.national_admin)
    response = client.post(
        reverse("financement:window_add", args=[window.programme_id]),
        {
            "name": "Fenêtre 2",
            "period": "2027S1",
            "data_element": window.data_element_id,
            "threshold": "200",
            "lump_sum": "10 000,00",
            "finess": "210000001\n999999999",
        },
    )
    assert "Numéro FINESS inconnu : 999999999." in response.content.decode()
    assert ProgrammeWindow.objects.count() == 1
