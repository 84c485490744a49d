"""Multi-year funding plans (issue 11 §4): planned next to programmed, committed and paid per
year and funder, read from the programmings, commitments and payments (never typed); each
funder's share; the users' contribution to running costs; staff capacity; the XLSX export and
the API; scoping."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.urls import reverse
from openpyxl import load_workbook

from pilote.comptes.models import Role
from pilote.financement import plans, services
from pilote.financement.models import Allocation, Commitment, Funder, Payment
from pilote.financement.models_plans import PlanPhase
from pilote.financement.queries_plans import plan_figures, plan_table
from pilote.portefeuille.models import Staffing
from tests.financement.conftest import notify

D = Decimal


def total(queryset) -> Decimal:
    return queryset.aggregate(t=Sum("amount"))["t"] or D("0")


@pytest.fixture
def plan(world, funding_reference, officer):
    return plans.create_plan(
        acting_user=officer,
        region=world.bfc.region,
        operator=world.bfc.grades,
        first_year=2025,
        title="Plan GRADeS 2025-2027",
    )


def plan_amount(officer, plan, year, funder, amount, phase=PlanPhase.BUILD):
    return plans.set_planned(
        acting_user=officer,
        plan=plan,
        year=year,
        funder=Funder.objects.get(code=funder),
        phase=phase,
        amount=D(amount),
    )


@pytest.fixture
def executed(world, officer, plan):
    """Random programmings, commitments and payments to the GRADeS in 2025 and 2026 on two
    funders; others that must not count (the hospital's, a 2028 one, another region's)."""
    rng = random.Random(11)
    envelopes = [
        notify(officer, world.bfc.region, "9000000.00", year=year, funder=funder)
        for year in (2025, 2026)
        for funder in ("ars-fir", "ars-cnr")
    ]
    for index in range(24):
        envelope = envelopes[index % 4]
        amount = D(rng.randint(1000_00, 90000_00)) / 100
        allocation = services.allocate(
            acting_user=officer,
            envelope=envelope,
            beneficiary=world.bfc.grades,
            label=f"P{index}",
            amount=amount,
            programmed_on=datetime.date(envelope.year, 2, 1),
        )
        committed = (amount * D(rng.randint(10, 100)) / 100).quantize(D("0.01"))
        commitment = services.commit(
            acting_user=officer,
            allocation=allocation,
            reference=f"C{index}",
            decided_on=datetime.date(envelope.year, 3, 1),
            amount=committed,
        )
        services.pay(
            acting_user=officer,
            commitment=commitment,
            paid_on=datetime.date(envelope.year, 4, 1),
            amount=(committed * D(rng.randint(0, 100)) / 100).quantize(D("0.01")),
            reference=f"M{index}",
        )
    fir_2026 = envelopes[2]
    services.allocate(
        acting_user=officer,
        envelope=fir_2026,
        beneficiary=world.bfc.hospital,
        label="Hôpital",
        amount=D("777.77"),
        programmed_on=datetime.date(2026, 2, 1),
    )
    later = notify(officer, world.bfc.region, "1000.00", year=2028)
    services.allocate(
        acting_user=officer,
        envelope=later,
        beneficiary=world.bfc.grades,
        label="2028",
        amount=D("555.55"),
        programmed_on=datetime.date(2028, 2, 1),
    )
    ara = world.ara.users[Role.ARS_OFFICER]
    services.allocate(
        acting_user=ara,
        envelope=notify(ara, world.ara.region, "1000.00", year=2026),
        beneficiary=world.ara.grades,
        label="ARA",
        amount=D("333.33"),
        programmed_on=datetime.date(2026, 2, 1),
    )
    return envelopes


def test_execution_figures_are_the_sums_of_programmings_commitments_and_payments(
    world, officer, plan, executed
):
    plan_amount(officer, plan, 2026, "ars-fir", "100000.10")
    table = plan_table(plan)
    cells = {(row.funder.code, year): c for row in table.rows for year, c in row.cells.items()}
    for year in (2025, 2026, 2027):
        for funder in ("ars-fir", "ars-cnr"):
            mine = {
                "envelope__year": year,
                "envelope__funder__code": funder,
                "beneficiary": world.bfc.grades,
            }
            cell = cells[(funder, year)]
            assert cell.programmed == total(Allocation.objects.filter(**mine))
            assert cell.committed == total(
                Commitment.objects.filter(**{f"allocation__{k}": v for k, v in mine.items()})
            )
            assert cell.paid == total(
                Payment.objects.filter(
                    **{f"commitment__allocation__{k}": v for k, v in mine.items()}
                )
            )
            assert isinstance(cell.paid, Decimal) and cell.paid == cell.paid.quantize(D("0.01"))
    grades = Allocation.objects.filter(
        beneficiary=world.bfc.grades, envelope__year__in=[2025, 2026, 2027]
    )
    assert table.total.programmed == total(grades) > 0
    assert table.total.paid == total(Payment.objects.filter(commitment__allocation__in=grades))
    assert table.year_totals[2027].programmed == 0  # nothing programmed yet, 2028 not counted
    assert cells[("ars-fir", 2026)].planned == D("100000.10")


def test_shares_of_each_funder_and_the_users_contribution_to_running_costs(officer, plan):
    plan_amount(officer, plan, 2025, "ars-fir", "600000.00")
    plan_amount(officer, plan, 2025, "ars-fir", "150000.00", PlanPhase.RUN)
    plan_amount(officer, plan, 2025, "usagers", "50000.00", PlanPhase.RUN)
    plan_amount(officer, plan, 2026, "membres-grades", "200000.00", PlanPhase.RUN)
    plan_amount(officer, plan, 2026, "ars-fir", "1.00")
    plan_amount(officer, plan, 2026, "ars-fir", "0.00")  # replaces the 1 €
    table = plan_table(plan)
    shares = {row.funder.code: row.share for row in table.rows}
    assert table.total.planned == D("1000000.00")
    assert shares == {"ars-fir": D("75.0"), "membres-grades": D("20.0"), "usagers": D("5.0")}
    running = {r.year: (r.running, r.users, r.share) for r in table.running}
    assert running[2025] == (D("200000.00"), D("50000.00"), D("25.0"))
    assert running[2026] == (D("200000.00"), D("0.00"), D("0.0"))
    assert running[2027] == (D("0.00"), D("0.00"), None)


def test_only_the_regions_ars_plans_and_only_within_the_plans_years(world, officer, plan):
    with pytest.raises(ValidationError, match="entre 2025 et 2027"):
        plan_amount(officer, plan, 2028, "ars-fir", "10")
    with pytest.raises(PermissionDenied):
        plans.set_planned(
            acting_user=world.bfc.users[Role.GRADES_MANAGER],
            plan=plan,
            year=2025,
            funder=Funder.objects.get(code="ars-fir"),
            phase=PlanPhase.BUILD,
            amount=D("10"),
        )
    with pytest.raises(ValidationError, match="structure de la région"):
        plans.create_plan(
            acting_user=officer,
            region=world.bfc.region,
            operator=world.ara.grades,
            first_year=2025,
            title="Mauvais",
        )
    with pytest.raises(ValidationError, match="déjà un plan"):
        plans.create_plan(
            acting_user=officer,
            region=world.bfc.region,
            operator=world.bfc.grades,
            first_year=2025,
            title="Doublon",
        )
    assert not plan.amounts.exists()


def test_a_project_plan_reads_the_programmings_to_the_project(
    world, officer, bfc_project, funding_reference
):
    envelope = notify(officer, world.bfc.region, "100000.00", year=2026)
    services.allocate(
        acting_user=officer,
        envelope=envelope,
        beneficiary=world.bfc.hospital,
        project=bfc_project,
        label="ROR",
        amount=D("12345.67"),
        programmed_on=datetime.date(2026, 2, 1),
    )
    services.allocate(
        acting_user=officer,
        envelope=envelope,
        beneficiary=world.bfc.hospital,
        label="Autre",
        amount=D("1.00"),
        programmed_on=datetime.date(2026, 2, 1),
    )
    project_plan = plans.create_plan(
        acting_user=officer,
        region=world.bfc.region,
        project=bfc_project,
        first_year=2026,
        title="Plan ROR",
    )
    Staffing.objects.create(project=bfc_project, profile="chef_projet", year=2026, fte=D("0.8"))
    figures = plan_figures(officer, project_plan)
    assert figures["table"].total.programmed == D("12345.67")
    assert [(c.year, c.available, c.allocated) for c in figures["capacity"]][0] == (
        2026,
        None,
        D("0.80"),
    )


def test_capacity_sets_the_operators_etp_against_its_projects(world, officer, plan, bfc_project):
    plans.set_capacity(acting_user=officer, operator=world.bfc.grades, year=2026, fte=D("3.5"))
    plans.set_capacity(acting_user=officer, operator=world.bfc.grades, year=2025, fte=D("1"))
    Staffing.objects.create(project=bfc_project, profile="chef_projet", year=2026, fte=D("1.5"))
    Staffing.objects.create(project=bfc_project, profile="developpeur", year=2026, fte=D("0.75"))
    Staffing.objects.create(project=bfc_project, profile="chef_projet", year=2025, fte=D("2"))
    capacity = {c.year: c for c in plan_figures(officer, plan)["capacity"]}
    assert (capacity[2026].available, capacity[2026].allocated) == (D("3.5"), D("2.25"))
    assert capacity[2026].remaining == D("1.25") and capacity[2026].load == D("64.3")
    assert capacity[2025].remaining == D("-1") and capacity[2027].available is None


def test_the_plan_page_its_export_and_the_api(client, world, officer, plan, executed):
    plan_amount(officer, plan, 2026, "usagers", "1234.56", PlanPhase.RUN)
    table = plan_table(plan)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    page = client.get(reverse("financement:plan", args=[plan.pk])).content.decode()
    assert "Plan GRADeS 2025-2027" in page and "Contribution des utilisateurs" in page
    assert "Saisir un montant prévu" not in page  # the GRADeS reads, the ARS plans
    response = client.get(reverse("financement:plan", args=[plan.pk]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    exported = sum(D(str(r[6])) for r in rows if r[1] != "Total")
    assert exported == table.total.paid
    assert sum(D(str(r[3])) for r in rows if r[1] == "Total") == D("1234.56")
    answer = client.get(f"/api/v1/funding/plans/{plan.pk}").json()
    assert sum(D(c["paid"]) for c in answer["cells"]) == table.total.paid
    assert sum(D(c["programmed"]) for c in answer["years"]) == table.total.programmed
    assert answer["running"][1] == {
        "year": 2026,
        "running": "1234.56",
        "users": "1234.56",
        "share": "100.0",
    }
    assert [p["id"] for p in client.get("/api/v1/funding/plans").json()] == [plan.pk]


def test_another_regions_plan_is_404(client, world, plan):
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    assert client.get(reverse("financement:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("financement:plan_amount", args=[plan.pk])).status_code == 404
    assert client.get(f"/api/v1/funding/plans/{plan.pk}").status_code == 404
    assert client.get("/api/v1/funding/plans").json() == []
    client.force_login(world.bfc.users[Role.PROJECT_OWNER])
    assert client.get(reverse("financement:plan", args=[plan.pk])).status_code == 404


def test_the_ars_creates_a_plan_and_types_an_amount_the_french_way(
    client, world, officer, funding_reference
):
    client.force_login(officer)
    response = client.post(
        reverse("financement:plan_add"),
        {"title": "Plan 2026", "operator": world.bfc.grades.pk, "first_year": 2026},
    )
    plan = world.bfc.grades.funding_plans.get()
    assert response.url == reverse("financement:plan", args=[plan.pk])
    client.post(
        reverse("financement:plan_amount", args=[plan.pk]),
        {
            "year": 2027,
            "funder": Funder.objects.get(code="ars-fir").pk,
            "phase": "projet",
            "amount": "1 500 000,50",
        },
    )
    assert plan.amounts.get().amount == D("1500000.50")
    client.post(reverse("financement:plan_capacity", args=[plan.pk]), {"year": 2026, "fte": "4,5"})
    assert world.bfc.grades.capacities.get().fte == D("4.5")
    page = client.get(reverse("financement:supervision"), {"annee": 2026}).content.decode()
    assert "Plan de financement pluriannuel" in page and "4,5" in page
