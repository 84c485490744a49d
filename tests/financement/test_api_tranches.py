"""Tranches through the API: a payable tranche shows the evidence stored with it, a paid one
its payment and the warning a correction below the target sets; amounts are exact decimal
strings; filters by region, year and state; another region's tranche is 404 and never listed."""

import datetime
from decimal import Decimal

from pilote.comptes.models import Role
from pilote.financement import tranches
from tests.financement.conftest import (
    TODAY,
    notify,
    pay_then_correct_below_target,
    programme_and_commit,
    usage_tranche,
)
from tests.reporting import submitted, validate_and_accept


def deliverable_tranche(officer, commitment, amount="20000.05"):
    return tranches.add_tranche(
        acting_user=officer,
        commitment=commitment,
        label="Étude remise",
        amount=Decimal(amount),
        deliverable="Rapport d'étude de déploiement",
    )


def test_a_payable_tranche_shows_its_stored_evidence(client, world, campaign, commitment, officer):
    tranche = usage_tranche(officer, commitment, world, campaign, amount="30000.10")
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    waiting = client.get(f"/api/v1/funding/tranches/{tranche.pk}").json()
    assert (waiting["status"], waiting["evidence"], waiting["payment"]) == ("attente", None, None)
    assert waiting["condition"]["deliverable"] is None
    assert waiting["condition"]["usage_target"] == {
        "data_element": "ES_TOTAL",
        "indicator": None,
        "name": tranche.target_name,
        "territory": world.bfc.region.code,
        "organisation_id": None,
        "unit_name": str(world.bfc.region),
        "period": campaign.period,
        "threshold": 40.0,
    }
    report = submitted(world.bfc, campaign, ES_TOTAL="45")
    validate_and_accept(world.bfc, world.national_admin, report)
    tranche.refresh_from_db()
    body = client.get(f"/api/v1/funding/tranches/{tranche.pk}").json()
    assert (body["status"], body["status_label"]) == ("payable", "Payable")
    assert body["amount"] == "30000.10"
    assert (body["commitment_id"], body["commitment_reference"]) == (commitment.pk, "CONV-MSS")
    assert (body["beneficiary_id"], body["project_id"]) == (world.bfc.grades.pk, None)
    assert body["region"] == world.bfc.region.code and body["year"] == 2026
    evidence = body["evidence"]
    assert evidence["value"] == tranche.evidence_value == 45.0
    assert evidence["report_id"] == tranche.evidence_report_id == report.pk
    assert evidence["period"] == campaign.period
    stored = tranche.evidence_accepted_at  # JSON carries milliseconds
    stored = stored.replace(microsecond=stored.microsecond // 1000 * 1000)
    assert datetime.datetime.fromisoformat(evidence["accepted_at"]) == stored
    assert body["warning"] is None


def test_a_paid_tranche_shows_its_payment_and_the_corrections_warning(
    client, world, campaign, commitment, officer
):
    tranche = usage_tranche(officer, commitment, world, campaign, amount="30000.10")
    pay_then_correct_below_target(world, campaign, officer, tranche)
    client.force_login(world.bfc.users[Role.ARS_READER])
    body = client.get(f"/api/v1/funding/tranches/{tranche.pk}").json()
    assert body["status"] == "payee"
    assert "valeur publiée (30) est sous la cible (40)" in body["warning"]
    assert body["evidence"]["value"] == 45.0  # the evidence of the payment stays
    assert body["payment"]["amount"] == "30000.10"
    assert (body["payment"]["reference"], body["payment"]["paid_on"]) == ("MDT-T1", "2026-03-01")


def test_filters_by_region_year_and_state(client, world, campaign, commitment, officer):
    usage = usage_tranche(officer, commitment, world, campaign, amount="30000.10")
    study = deliverable_tranche(officer, commitment)
    tranches.approve_deliverable(acting_user=officer, tranche=study, approved_on=TODAY)
    older = notify(officer, world.bfc.region, "5000.00", year=2025)
    _, old_commitment = programme_and_commit(officer, older, world.bfc.grades, "5000.00")
    old = deliverable_tranche(officer, old_commitment, amount="4999.99")
    client.force_login(world.national_admin)

    def ids(**query):
        response = client.get("/api/v1/funding/tranches", query)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()]

    code = world.bfc.region.code
    assert ids(region=code) == [usage.pk, study.pk, old.pk]
    assert ids(region=code, year=2025) == [old.pk]
    assert ids(year=2026, status="payable") == [study.pk]
    assert ids(status="attente") == [usage.pk, old.pk]
    assert ids(region=world.ara.region.code) == []
    rows = client.get("/api/v1/funding/tranches", {"year": 2026}).json()
    assert [r["amount"] for r in rows] == ["30000.10", "20000.05"]
    study_row = rows[1]
    assert study_row["condition"] == {
        "deliverable": {"label": "Rapport d'étude de déploiement", "approved_on": "2026-03-01"},
        "usage_target": None,
    }
    refused = client.get("/api/v1/funding/tranches", {"status": "perdue"})
    assert refused.status_code == 422
    assert "valeurs possibles" in refused.json()["message"]


def test_another_regions_tranche_is_404_and_never_listed(
    client, world, campaign, commitment, officer
):
    tranche = usage_tranche(officer, commitment, world, campaign, amount="30000.10")
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    missing = client.get(f"/api/v1/funding/tranches/{tranche.pk}")
    assert missing.status_code == 404 and missing.json() == {"detail": "Introuvable."}
    assert client.get("/api/v1/funding/tranches").json() == []
    assert (
        client.get("/api/v1/funding/tranches", {"region": world.bfc.region.code}).status_code == 404
    )
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    assert [r["id"] for r in client.get("/api/v1/funding/tranches").json()] == [tranche.pk]
