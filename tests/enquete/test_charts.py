"""The synthesis's charts and what its figures cover: the spread of each index counts the
verified assessments only (and says how many out of how many, and which wait), the risk heat
map counts operators per family and impact, the budget per inhabitant is ranked; the page, the
XLSX and the PDF (read back with pdftotext) state the grids included out of the operators
surveyed, sent and verified."""

import re
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.utils.html import escape
from openpyxl import load_workbook
from PIL import ImageFont

from pilote.acteurs.models import OrganisationType
from pilote.enquete import services, services_answers
from pilote.enquete.charts import (
    index_values,
    per_inhabitant_chart,
    risk_values,
    synthesis_charts,
)
from pilote.enquete.models import Grid, Review
from pilote.enquete.synthesis import synthesis
from tests.enquete.test_pages import pdf_text
from tests.factories import OrganisationFactory

TITLES = (
    "Indices de maturité : opérateurs par niveau et par année (évaluations vérifiées)",
    "Carte des risques (2025) : opérateurs par famille de risque et niveau d'impact",
    "Budget par habitant, par territoire, du plus élevé au plus faible",
)


@pytest.fixture
def surveyed(bfc, ara, admin):
    """Three operators surveyed (one in Bourgogne-Franche-Comté, two in Auvergne-Rhône-Alpes), two
    grids: Bourgogne-Franche-Comté's sent and every criterion verified; Auvergne-Rhône-Alpes's
    not sent, one criterion to correct, the others waiting."""
    other = OrganisationFactory(
        name="GIP Auvergne", type=OrganisationType.GRADES, departement=ara.grades.departement
    )
    campaign = services.create_campaign(
        acting_user=admin,
        name="Enquête 2025",
        years=[2025],
        operators=[bfc.grades, ara.grades, other],
    )
    first = services.start_grid(acting_user=bfc.manager, campaign=campaign, year=2025)
    second = services.start_grid(acting_user=ara.manager, campaign=campaign, year=2025)
    figures = {"risque.financier": 3}
    services.update_grid(
        acting_user=bfc.manager,
        grid=first,
        values={"budget_total": 300_000, "population_reference": 1_000_000},
        figures=figures,
    )
    services.update_grid(
        acting_user=ara.manager,
        grid=second,
        values={"budget_total": 800_000, "population_reference": 2_000_000},
        figures={**figures, "risque.humain": 1},
    )
    answers = {a.criterion: a for a in first.criteria.all()}
    services_answers.answer_criterion(
        acting_user=bfc.manager,
        answer=answers["gestion_projet"],
        subcriteria=["suivi_budget", "suivi_planning", "copil"],
    )
    services_answers.answer_criterion(
        acting_user=bfc.manager, answer=answers["directeur"], subcriteria=["projets_si"]
    )
    for answer in first.criteria.all():
        services_answers.review_criterion(acting_user=admin, answer=answer, review=Review.VERIFIED)
    services.submit_grid(acting_user=bfc.manager, grid=first)
    sent_back = second.criteria.first()
    services_answers.review_criterion(
        acting_user=admin, answer=sent_back, review=Review.TO_CORRECT, comment="Justifier"
    )
    return campaign, first


def test_index_spread_counts_verified_assessments_and_heat_map_counts_operators(surveyed):
    campaign, first = surveyed
    data = synthesis(campaign, Grid.objects.filter(campaign=campaign), surveyed=3)
    assert data["coverage"] == [
        {"year": 2025, "grids": 2, "surveyed": 3, "submitted": 1, "verified": 1}
    ]
    assessed = data["assessments"][2025]
    assert (assessed["verified"], assessed["assessed"]) == (1, 2)
    assert [(p["operator"], p["to_correct"]) for p in assessed["pending"]] == [
        ("GRADeS Auvergne-Rhône-Alpes", 1)
    ]
    # only the verified grid is counted: one operator per index, at its level
    indices = services_answers.index_levels(first)
    assert {ix["index"]["code"]: ix["level"] for ix in indices}["professionnalisation"] == 2
    levels = {ix["index"]["label"]: ix["level"] for ix in indices}
    assert {
        (v["indice"], v["annee"], v["niveau"][0], v["operateurs"])
        for v in index_values(data["assessments"])
    } == {(label, "2025", str(level), 1) for label, level in levels.items()}
    cells = {(v["risque"], v["impact"]): v["operateurs"] for v in risk_values(data["risks"])}
    assert cells[("Risques financiers", "Fort")] == 2
    assert cells[("Risques humains", "Faible")] == 1
    assert sum(cells.values()) == 3
    charts = synthesis_charts(data)
    assert [charts[k]["title"] for k in ("indices", "risks", "per_inhabitant")] == list(TITLES)
    # the ranking drawn: Auvergne-Rhône-Alpes 0,40 € before Bourgogne-Franche-Comté 0,30 €
    bars = charts["per_inhabitant"]["spec"]["data"]["values"]
    assert [(b["territoire"], b["euros"]) for b in bars] == [
        ("Auvergne-Rhône-Alpes", 0.4),
        ("Bourgogne-Franche-Comté", 0.3),
    ]
    for chart in charts.values():
        label = escape(chart["title"])
        assert chart["svg"].startswith(f'<svg role="img" aria-label="{label}"')


def test_page_xlsx_and_pdf_say_what_the_figures_cover(client, surveyed, admin, bfc):
    campaign, _first = surveyed
    client.force_login(admin)
    page = client.get(f"/enquete/{campaign.pk}/synthese/").content.decode()
    covered = "2025 : 2 grilles incluses sur 3 opérateur(s) enquêté(s) ; 1 transmise ; 1 vérifiée"
    assert covered in page
    assert "1 évaluation vérifiée sur 2." in page
    assert "GRADeS Auvergne-Rhône-Alpes (Auvergne-Rhône-Alpes) — 1 critère à corriger" in page
    for title in TITLES:
        assert f'aria-label="{escape(title)}"' in page

    book = load_workbook(BytesIO(client.get(f"/enquete/{campaign.pk}/synthese.xlsx").content))
    assert list(book["Couverture"].iter_rows(min_row=2, values_only=True)) == [(2025, 2, 3, 1, 1)]
    indices = list(book["Indices (vérifiés)"].iter_rows(min_row=2, values_only=True))
    assert len(indices) == 3 and all(r[-2:] == (1, 2) and sum(r[2:6]) == 1 for r in indices)

    text = pdf_text(client.get(f"/enquete/{campaign.pk}/synthese.pdf").content)
    for title in TITLES:
        assert title in text
    assert "1 évaluation vérifiée sur 2" in text
    # the SVG charts are drawn in the PDF: their axis titles are text of the page
    assert "Nombre d'opérateurs" in text and "€ par habitant" in text and "Impact" in text

    year = client.get(f"/api/v1/survey/campaigns/{campaign.pk}/synthesis").json()["years"][0]
    covered = ("grids", "surveyed", "submitted", "verified", "assessments", "assessments_verified")
    assert [year[k] for k in covered] == [2, 3, 1, 1, 2, 1]

    # the regional reader: its own region's grid, out of its own region's operators surveyed
    client.force_login(bfc.officer)
    page = client.get(f"/enquete/{campaign.pk}/synthese/").content.decode()
    covered = "2025 : 1 grille incluse sur 1 opérateur(s) enquêté(s) ; 1 transmise ; 1 vérifiée"
    assert covered in page


def test_a_year_still_empty_does_not_hide_the_previous_years_charts(bfc, admin, client):
    """2025's grid is started but empty: the heat map and the budget per inhabitant show 2024,
    and say so (before, the synthesis showed neither chart)."""
    campaign = services.create_campaign(
        acting_user=admin, name="Enquête 2025", years=[2024, 2025], operators=[bfc.grades]
    )
    filled = services.start_grid(acting_user=bfc.manager, campaign=campaign, year=2024)
    services.update_grid(
        acting_user=bfc.manager,
        grid=filled,
        values={"budget_total": 300_000, "population_reference": 1_000_000},
        figures={"risque.financier": 3},
    )
    services.start_grid(acting_user=bfc.manager, campaign=campaign, year=2025)
    data = synthesis(campaign, Grid.objects.filter(campaign=campaign))
    assert (data["latest_year"], data["risk_year"], data["per_inhabitant_year"]) == (
        2025,
        2024,
        2024,
    )
    charts = synthesis_charts(data)
    assert charts["risks"]["title"].startswith("Carte des risques (2024)")
    bars = charts["per_inhabitant"]["spec"]["data"]["values"]
    assert bars == [{"territoire": "Bourgogne-Franche-Comté", "euros": 0.3}]
    client.force_login(admin)
    page = client.get(f"/enquete/{campaign.pk}/synthese/").content.decode()
    assert "Carte des risques (2024)</h2>" in page
    assert "du plus élevé au plus faible (2024)" in page
    assert page.count("<svg ") == 2


def test_the_budget_per_inhabitant_axis_labels_do_not_run_into_each_other():
    """Labels measured as the PDF draws them (DejaVu Sans), placed as Vega anchors them: at
    least 8 px between two neighbours (before, one every 5 cents, touching)."""
    rows = [
        SimpleNamespace(name=name, budget_per_inhabitant=Decimal(value))
        for name, value in (("Auvergne", "0.88"), ("Bourgogne", "0.55"), ("Rhône-Alpes", "0.45"))
    ]
    svg = per_inhabitant_chart(rows)["svg"]
    axis = svg[svg.index("role-axis-label") :].split("</g>", 1)[0]
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 80)
    spans = []
    for anchor, x, label in re.findall(
        r'<text text-anchor="(\w+)" transform="translate\(([\d.]+),[\d.]+\)"[^>]*>([^<]+)</text>',
        axis,
    ):
        width = font.getlength(label) / 8  # 10 px
        start = {"start": 0, "middle": width / 2, "end": width}[anchor]
        spans.append((float(x) - start, float(x) - start + width))
    assert len(spans) >= 3
    assert all(b[0] - a[1] >= 8 for a, b in zip(spans, spans[1:], strict=False)), spans
