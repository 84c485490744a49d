"""The funding API: a region's envelopes of a year as decimal strings, scoped like the pages,
writes through the services, and every amount exact to the cent through the API and the XLSX
export."""

import io
import json
import random
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.financement.models import BudgetLine, Channel, Envelope, Funder
from pilote.financement.reference import load_fir_bfc, load_funding_reference


def test_a_regions_envelopes_of_a_year(client, world):
    load_fir_bfc(acting_user=SYSTEM, region=world.bfc.region)
    client.force_login(world.bfc.users[Role.ARS_READER])
    code = world.bfc.region.code
    rows = client.get("/api/v1/funding/envelopes", {"region": code, "year": 2016}).json()
    assert len(rows) == 7
    tlm = next(r for r in rows if r["line"] == "telemedecine-article-36")
    assert (tlm["amount"], tlm["channel"], tlm["funder"], tlm["origin"]) == (
        "1002404.00",
        "autre",
        "ars-fir",
        "flechee",
    )
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("5988454.00")
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    assert client.get("/api/v1/funding/envelopes", {"region": code}).status_code == 404
    assert client.get("/api/v1/funding/envelopes").json() == []
    assert client.get(f"/api/v1/funding/envelopes/{tlm['id']}").status_code == 404


def test_writes_go_through_the_services(client, world):
    [envelope, *_] = load_fir_bfc(acting_user=SYSTEM, region=world.bfc.region)
    url = f"/api/v1/funding/envelopes/{envelope.pk}/allocations"
    body = {
        "beneficiary_id": world.bfc.grades.pk,
        "label": "Plateforme",
        "amount": "1000.10",
        "programmed_on": "2015-02-01",
    }
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    assert client.post(url, json.dumps(body), "application/json").status_code == 403
    officer = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(officer)
    created = client.post(url, json.dumps(body), "application/json")
    assert created.status_code == 201 and created.json()["amount"] == "1000.10"
    too_much = dict(body, amount=str(envelope.amount))
    refused = client.post(url, json.dumps(too_much), "application/json")
    assert refused.status_code == 422
    assert "reste à programmer" in refused.json()["detail"]["amount"][0]
    allocation_id = created.json()["id"]
    commitment = client.post(
        f"/api/v1/funding/allocations/{allocation_id}/commitments",
        json.dumps({"reference": "DEC-1", "decided_on": "2015-03-01", "amount": "1000.10"}),
        "application/json",
    )
    assert commitment.status_code == 201
    payment = client.post(
        f"/api/v1/funding/commitments/{commitment.json()['id']}/payments",
        json.dumps({"paid_on": "2015-04-01", "amount": "0.10", "reference": "MDT-1"}),
        "application/json",
    )
    assert payment.status_code == 201
    [row] = client.get(url).json()
    assert row["commitments"][0]["payments"][0]["amount"] == "0.10"
    envelope_row = client.get(f"/api/v1/funding/envelopes/{envelope.pk}").json()
    assert (envelope_row["programmed"], envelope_row["paid"]) == ("1000.10", "0.10")


def test_a_thousand_random_amounts_add_up_to_the_cent(client, world):
    load_funding_reference(acting_user=SYSTEM)
    rng = random.Random(20261203)
    funder = Funder.objects.get(code="ars-fir")
    line = BudgetLine.objects.get(code="e-sante-gcs")
    amounts = [Decimal(rng.randint(1, 10**11)) / 100 for _ in range(1000)]
    Envelope.objects.bulk_create(
        Envelope(
            region=world.bfc.region,
            funder=funder,
            line=line,
            year=1000 + index,
            amount=amount,
            channel=Channel.GRADES,
        )
        for index, amount in enumerate(amounts)
    )
    expected = sum(amounts)
    client.force_login(world.bfc.users[Role.ARS_READER])
    rows = client.get("/api/v1/funding/envelopes").json()
    assert sum(Decimal(r["amount"]) for r in rows) == expected
    response = client.get(reverse("financement:overview"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(cells) == 1000
    assert sum(Decimal(str(c)) for c in cells) == expected
