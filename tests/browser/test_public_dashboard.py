"""In Chromium, on the demo data (18 regions, history to 2024S2): the national administrator
accepts Bourgogne-Franche-Comté's 2025S1 report, the only one of 18. The public dashboard stays
on 2024S2, the last complete semester; 2025S1 is one click away, says "1 région sur 18" and shows
no national total; the region page's charts are accessible images with their data."""

import csv
import io

import pytest

from pilote.accueil.demo import DEMO_PASSWORD, load_demo
from pilote.comptes.models import User
from pilote.indicateurs import workflow
from pilote.indicateurs.models import Campaign, DataElement
from pilote.indicateurs.values import save_value
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def bfc_report_validated():
    """BFC's 2025S1 report with 2 values, submitted by the GRADeS, validated by the ARS."""
    campaign = Campaign.objects.get(dataset__code="SOCLE_SEMESTRIEL", period="2025S1")
    report = campaign.reports.get(region__code="27")
    grades = User.objects.get(email="grades.bfc@demo.pilote.fr")
    for code, raw in (("ES_TOTAL", "40"), ("MSS_ES_CONNECTES", "39")):
        save_value(
            acting_user=grades,
            report=report,
            element=DataElement.objects.get(code=code),
            raw=raw,
            comment="Périmètre revu : établissements sièges seulement",
        )
    workflow.submit_report(acting_user=grades, report=report)
    workflow.validate_report(
        acting_user=User.objects.get(email="ars-pilotage.bfc@demo.pilote.fr"),
        report=report,
        confirmation_reason="Remontée partielle",
    )
    return report


def france_row(page):
    return page.locator("tr.pilote-national")


def test_one_region_accepted_keeps_the_dashboard_on_the_last_complete_period(
    live_server, reference, tmp_path, new_page
):
    load_demo(tmp_path)
    report = bfc_report_validated()
    page = new_page()
    login(page, live_server.url, "admin-national@demo.pilote.fr", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/indicateurs/rapports/{report.pk}/")
    page.get_by_label("Motif de la confirmation (obligatoire)").fill("Remontée partielle")
    page.get_by_role("button", name="Accepter malgré les alertes (niveau national)").click()
    assert page.get_by_text("Rapport accepté : les valeurs sont publiées.").is_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    # a visitor: the dashboard stays on the last complete semester, France's total is national
    page.goto(f"{live_server.url}/tableau-de-bord/")
    assert page.get_by_label("Période").input_value() == "2024S2"
    assert page.get_by_text("Indicateurs par région — 2e semestre 2024").is_visible()
    assert "total partiel" not in france_row(page).text_content()
    assert france_row(page).locator("strong").count() > 0

    # the partial semester is one click away and says what it covers
    page.get_by_role("link", name="Voir 1er semestre 2025 (partiel)").click()
    page.wait_for_url("**/tableau-de-bord/?periode=2025S1")
    selected = page.get_by_label("Période").locator("option:checked").inner_text()
    assert selected == "1er semestre 2025 (partiel — 1 région sur 18)"
    assert page.get_by_text("données acceptées de 1 région sur 18").is_visible()
    france = france_row(page)
    assert "total partiel — 1 région sur 18" in france.text_content()
    # no national total: France's cells are neither bold nor coloured against a target
    assert france.locator("strong").count() == 0
    for level in ("reached", "close", "far", "very-far"):
        assert france.locator(f"td.pilote-level-{level}").count() == 0
    bfc = page.get_by_role("row", name="Bourgogne-Franche-Comté")
    assert bfc.locator("td").first.inner_text().startswith("97,5 %")
    assert "cible 90,0 %" in page.get_by_role("row", name="Bretagne").inner_text()

    # the open data says the same: France's row has no national value
    csv_text = page.request.get(f"{live_server.url}/tableau-de-bord/donnees.csv?periode=2025S1")
    rows = list(csv.DictReader(io.StringIO(csv_text.text().lstrip("\ufeff")), delimiter=";"))
    [france_csv] = [
        r for r in rows if r["region_code"] == "FR" and r["indicateur_code"] == "IND_MSS_ES"
    ]
    assert france_csv["valeur"] == "" and france_csv["valeur_partielle"] == "97.5"
    assert (france_csv["couverture_acceptes"], france_csv["couverture_attendus"]) == ("1", "18")


def test_the_region_page_of_a_year_draws_accessible_charts(
    live_server, reference, tmp_path, new_page
):
    load_demo(tmp_path)
    page = new_page()
    page.goto(f"{live_server.url}/tableau-de-bord/27/?periode=2024")
    assert page.get_by_role(
        "heading", name="Tableau de bord — Bourgogne-Franche-Comté"
    ).is_visible()
    chart = page.locator("#chart-ind_mss_es")
    chart.locator("svg[aria-hidden=true]").wait_for()  # drawn, then hidden behind its label
    assert chart.get_attribute("role") == "img"
    assert chart.get_attribute("aria-label").startswith(
        "Évolution de « Part des établissements de santé connectés à MSSanté » en "
        "Bourgogne-Franche-Comté ; de "
    )
    assert chart.locator("svg").get_attribute("aria-hidden") == "true"
    texts = chart.locator("svg text").evaluate_all("ts => ts.map(t => t.textContent)")
    assert "100\u202f%" in texts and "Cible" in texts and "Valeurs acceptées" in texts
    page.get_by_text("Données du graphique « Part des établissements de santé connectés").click()
    assert page.get_by_role("row", name="2024").first.is_visible()
    # the table by département, from the demo's establishments
    assert page.get_by_text("Par département et territoire infrarégional — 2024").is_visible()
