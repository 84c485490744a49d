"""The ARS's supervision page of its operator (projects, late milestones, use of funds by line
and funder, capacity, payments cumulated by month, XLSX export), and the national view of every
region's envelopes (page, XLSX, API); who may reach them."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.financement import services
from pilote.financement.reference import load_fir_bfc
from pilote.portefeuille.models import Staffing
from tests.factories import ProjectFactory
from tests.financement.conftest import notify, programme_and_commit

NBSP, NNBSP = "\u00a0", "\u202f"


def eur(text: str) -> str:
    return text.replace(" ", NNBSP) + NBSP + "€"


@pytest.fixture
def funded(world, funding_reference, officer, framework):
    """2026: the BFC GRADeS is programmed 100,000 € (e-santé, 90,000 € committed) and
    40,000.25 € (télémédecine, all committed), paid 10,000 € in March and 25,000.10 € in May;
    the BFC hospital and ARA have their own."""
    esante = notify(officer, world.bfc.region, "200000.00")
    tlm = notify(officer, world.bfc.region, "50000.00", line="telemedecine-gcs")
    notify(world.ara.users[Role.ARS_OFFICER], world.ara.region, "999999.00")
    _running, commitment = programme_and_commit(
        officer, esante, world.bfc.grades, "100000.00", committed="90000.00"
    )
    programme_and_commit(officer, tlm, world.bfc.grades, "40000.25")
    programme_and_commit(officer, esante, world.bfc.hospital, "7777.00")  # not the operator's
    for day, amount, ref in (
        (datetime.date(2026, 3, 10), "10000.00", "M1"),
        (datetime.date(2026, 5, 2), "25000.10", "M2"),
    ):
        services.pay(
            acting_user=officer,
            commitment=commitment,
            paid_on=day,
            amount=Decimal(amount),
            reference=ref,
        )
    project = ProjectFactory(
        region=world.bfc.region,
        moa=world.bfc.hospital,
        moa_delegate=world.bfc.grades,
        code="BFC-TLS",
        title="Télésurveillance",
        phase="deploiement",
        health="risque",
        health_reason="Retard du prestataire",
    )
    project.milestones.create(title="Ouverture 2e GHT", planned_on=datetime.date(2026, 1, 15))
    Staffing.objects.create(project=project, profile="chef_projet", year=2026, fte=Decimal("1.5"))
    return project


def test_the_supervision_page_shows_projects_funds_capacity_and_consumption(client, world, funded):
    client.force_login(world.bfc.users[Role.ARS_READER])
    page = client.get(reverse("financement:supervision"), {"annee": 2026}).content.decode()
    assert "Supervision de GRADeS Bourgogne-Franche-Comté" in page
    assert "BFC-TLS" in page and "À risque" in page and "Ouverture 2e GHT" in page
    assert eur("140 000,25") in page  # programmed to the operator, not the hospital's 7,777
    assert eur("90 000,00") in page and eur("35 000,10") in page  # committed, paid
    assert eur("105 000,15") in page  # remaining to pay
    assert "7 777" not in page.replace(NNBSP, " ")
    assert eur("10 000,00") in page  # March's payments, cumulated in April
    assert "<svg" in page and "1,5" in page  # chart and capacity (ETP)


def test_the_cumulated_payments_by_month(world, funded):
    from pilote.financement.views_supervision import supervision_data

    data = supervision_data(
        world.bfc.users[Role.ARS_OFFICER], world.bfc.region, world.bfc.grades, 2026
    )
    cumulated = [c for _m, _p, c in data["months"]]
    assert cumulated[:2] == [Decimal("0"), Decimal("0")]
    assert cumulated[2:4] == [Decimal("10000.00")] * 2
    assert cumulated[4:] == [Decimal("35000.10")] * 8


def test_the_supervision_export_holds_the_figures_to_the_cent(client, world, funded):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    response = client.get(reverse("financement:supervision"), {"annee": 2026, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][4] == "Programmé (€)"
    assert sum(Decimal(str(r[4])) for r in rows[1:]) == Decimal("140000.25")
    assert sum(Decimal(str(r[6])) for r in rows[1:]) == Decimal("35000.10")


def test_the_supervision_page_shows_the_totals_of_the_cpom_review(client, world, funded, officer):
    from pilote.contrats.review import build_review
    from tests.contrats.conftest import bfc_cpom

    cpom = bfc_cpom(world, officer)
    review = build_review(cpom, 2026, officer)
    client.force_login(officer)
    page = client.get(reverse("financement:supervision"), {"annee": 2026}).content.decode()
    for amount in (review.execution.programmed, review.execution.paid, review.execution.remaining):
        assert f"{amount:,.2f}".replace(",", NNBSP).replace(".", ",") in page


def test_who_reaches_the_supervision_page(client, world, funded):
    url = reverse("financement:supervision")
    for user in (world.bfc.users[Role.PROJECT_OWNER], world.bfc.users[Role.BODY_MEMBER]):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    page = client.get(url, {"annee": 2026}).content.decode()
    assert "BFC-TLS" not in page  # their own region's operator, never BFC's
    assert client.get(url, {"operateur": world.bfc.grades.pk}).status_code == 404


@pytest.fixture
def fir(world, funding_reference):
    return load_fir_bfc(acting_user=SYSTEM, region=world.bfc.region)


def test_the_national_view_gives_each_regions_lines_and_the_national_total(client, world, fir):
    notify(world.ara.users[Role.ARS_OFFICER], world.ara.region, "1000.01", year=2016)
    client.force_login(world.national_reader)
    page = client.get(reverse("financement:national"), {"annee": 2016}).content.decode()
    assert "Auvergne-Rhône-Alpes" in page and "Bourgogne-Franche-Comté" in page
    assert "Total national 2016" in page and eur("5 989 454,01") in page
    response = client.get(reverse("financement:national"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_year = {}
    for row in rows[1:]:
        by_year[row[0]] = by_year.get(row[0], Decimal(0)) + Decimal(str(row[4]))
    assert by_year == {2015: Decimal("5208610"), 2016: Decimal("5989454.01")}


def test_the_national_view_is_for_national_roles(client, world, fir):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    assert client.get(reverse("financement:national")).status_code == 404


def test_the_national_figures_through_the_api(client, world, fir):
    notify(world.ara.users[Role.ARS_OFFICER], world.ara.region, "1000.01", year=2016)
    client.force_login(world.national_admin)
    rows = client.get("/api/v1/funding/national", {"year": 2016}).json()
    assert {r["region_name"] for r in rows} == {"Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté"}
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("5989454.01")
    assert all(r["amount"].count(".") == 1 and len(r["amount"].split(".")[1]) == 2 for r in rows)
    client.force_login(world.bfc.users[Role.ARS_READER])
    rows = client.get("/api/v1/funding/national", {"year": 2016}).json()
    assert {r["region_name"] for r in rows} == {"Bourgogne-Franche-Comté"}  # scoped


def test_the_supervision_and_national_pages_cost_the_same_queries_whatever_the_rows(
    client, world, funded, officer, kept_todo_badge
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.national_admin)
    session = client.session
    session["pilote_region_id"] = world.bfc.region.pk
    session.save()

    def cost():
        with CaptureQueriesContext(connection) as context:
            page = client.get(reverse("financement:supervision"), {"annee": 2026})
            assert "BFC-TLS" in page.content.decode()
            assert client.get(reverse("financement:national")).status_code == 200
        return len(context.captured_queries)

    cost()  # the header's count of tasks, then kept (kept_todo_badge)
    before = cost()
    envelope = notify(officer, world.bfc.region, "90000.00", line="telemedecine-gcs", year=2027)
    for i in range(5):
        programme_and_commit(officer, envelope, world.bfc.grades, "1000.00", label=f"P{i}")
        ProjectFactory(region=world.bfc.region, moa=world.bfc.grades, code=f"BFC-X{i}")
    assert cost() == before
