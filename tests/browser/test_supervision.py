"""In Chromium: the BFC ARS officer opens the supervision page of the GRADeS, pays a tranche
that an accepted report made payable, creates the GRADeS's multi-year plan (which shows the
payment), and the supervision page shows the new figures and links the plan; the GRADeS reads
the CPOM's annual review with the achieved value from the same report."""

from decimal import Decimal

import pytest

from pilote.comptes.models import Role
from pilote.contrats import services as contracts
from pilote.contrats.models import ObjectiveSource
from pilote.financement import tranches
from pilote.indicateurs.models import DataElement
from tests.browser.conftest import login
from tests.contrats.conftest import bfc_cpom
from tests.financement.conftest import (  # noqa: F401 — fixtures
    funding_reference,  # noqa: F811 — the fixture imported above
    notify,
    officer,  # noqa: F811
    programme_and_commit,
)
from tests.reporting import open_semester, submitted, validate_and_accept

pytestmark = pytest.mark.browser
NBSP, NNBSP = "\u00a0", "\u202f"


def test_the_officer_pays_a_tranche_and_the_supervision_page_follows(
    live_server,
    world,
    funding_reference,  # noqa: F811 — the fixture imported above
    officer,  # noqa: F811
    indicators,
    new_page,
):
    envelope = notify(officer, world.bfc.region, "100000.00")
    _allocation, commitment = programme_and_commit(officer, envelope, world.bfc.grades, "60000.00")
    campaign = open_semester(world, "2026S1")
    tranche = tranches.add_tranche(
        acting_user=officer,
        commitment=commitment,
        label="Usage : 40 établissements",
        amount=Decimal("20000.50"),
        data_element=DataElement.objects.get(code="ES_TOTAL"),
        territory=world.bfc.region,
        period="2026S1",
        threshold=40.0,
    )
    validate_and_accept(world.bfc, world.national_admin, submitted(world.bfc, campaign))
    cpom = bfc_cpom(world, officer, "CPOM BFC")
    contracts.add_objective(
        acting_user=officer,
        version=cpom.latest_version(),
        title="Établissements suivis",
        source=ObjectiveSource.DATA_ELEMENT,
        data_element=DataElement.objects.get(code="ES_TOTAL"),
        targets={2026: 35},
    )

    page = new_page()
    login(page, live_server.url, officer.email)
    page.goto(f"{live_server.url}/financement/supervision/?annee=2026")
    paid_row = page.get_by_role("row", name="juin")
    assert "0,00" in paid_row.inner_text()
    page.goto(f"{live_server.url}/financement/enveloppes/{envelope.pk}/")
    page.get_by_role("link", name="Payer la tranche — Usage : 40 établissements").click()
    page.get_by_label("Payé le").fill("2026-06-15")
    page.get_by_label("Référence du paiement").fill("MDT-T1")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Tranche payée.").is_visible()
    tranche.refresh_from_db()
    assert tranche.payment.amount == Decimal("20000.50")

    # a 2026–2028 plan of the GRADeS: what is paid comes from the payment, never typed
    page.goto(f"{live_server.url}/financement/")
    page.get_by_role("link", name="Plans de financement pluriannuels").click()
    page.get_by_role("link", name="Nouveau plan").click()
    page.get_by_label("Intitulé").fill("Plan GRADeS 2026-2028")
    page.get_by_label("Opérateur").select_option(label=world.bfc.grades.name)
    page.get_by_label("Première année").fill("2026")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Plan de financement créé.").is_visible()
    cell = page.get_by_role("row", name="ARS — fonds d'intervention régional (FIR)")
    assert f"payé 20{NNBSP}000,50{NBSP}€" in cell.inner_text()

    page.goto(f"{live_server.url}/financement/")
    page.get_by_role("link", name="Supervision de l'opérateur régional").click()
    page.get_by_label("Année").fill("2026")
    page.get_by_role("button", name="Afficher").click()
    june = page.get_by_role("row", name="juin").inner_text()
    assert f"20{NNBSP}000,50{NBSP}€" in june
    body = page.locator("main").inner_text()
    assert f"39{NNBSP}999,50{NBSP}€" in body  # 60,000 programmed − 20,000.50 paid
    assert page.get_by_role(
        "link", name="Plan de financement pluriannuel : Plan GRADeS"
    ).is_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server.url, world.bfc.users[Role.GRADES_MANAGER].email)
    page.goto(f"{live_server.url}/contrats/")
    page.get_by_role("link", name="CPOM BFC").click()
    page.get_by_role("link", name="Revue 2026").click()
    row = page.get_by_role("row", name="1. Établissements suivis").inner_text()
    assert "40 (1er semestre 2026)" in row and "35" in row and "oui" in row
