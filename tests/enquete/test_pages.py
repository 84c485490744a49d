"""The survey's pages: the operator fills its grid online (last year's answers beside), the
ARS answers its questionnaire, the national administrator imports, invites, closes and
downloads the synthesis and a monograph (PDFs read back with pdftotext)."""

import shutil
import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pilote.enquete import services
from pilote.enquete.models import Grid, Questionnaire
from pilote.enquete.places import PlaceResolver
from pilote.portefeuille.models import Phase
from tests.factories import ProjectFactory

NBSP, NNBSP = "\u00a0", "\u202f"
BUDGET = {"etp_total": "8,5", "budget_operating": "100", "budget_investment": "50"}


def pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is required"
    out = subprocess.run(  # noqa: S603 — a fixed command on the test's own PDF
        [pdftotext, "-raw", "-", "-"], input=content, capture_output=True, check=True
    )
    return out.stdout.decode().replace(NBSP, " ").replace(NNBSP, " ")


def test_the_operator_fills_its_grid_with_last_years_answers_beside(client, bfc, admin):
    campaign = services.create_campaign(acting_user=admin, name="Enquête", years=[2024, 2025])
    services.save_grid(
        acting_user=admin,
        campaign=campaign,
        year=2024,
        place=PlaceResolver().resolve("27", 2024),
        operator_name=bfc.grades.name,
        operator=bfc.grades,
        values={"etp_total": 7},
    )
    client.force_login(bfc.manager)
    page = client.get(reverse("enquete:list")).content.decode()
    assert 'href="/enquete/"' in page  # the menu entry
    response = client.post(reverse("enquete:grid_start", args=[campaign.pk, 2025]))
    grid = Grid.objects.get(year=2025)
    assert response.url == reverse("enquete:grid_edit", args=[grid.pk])
    form = client.get(response.url).content.decode()
    assert "En 2024 : 7" in form
    refused = client.post(
        response.url,
        {
            "etp_total": "8,5",
            "budget_operating": "100",
            "budget_investment": "50",
            "budget_total": "200",
        },
    )
    assert refused.status_code == 200
    assert "doit être égal à la somme" in refused.content.decode()
    saved = client.post(
        response.url,
        {
            "etp_total": "8,5",
            "budget_operating": "100",
            "budget_investment": "50",
            "figure__risque__financier": "3",
        },
    )
    assert saved.status_code == 302
    grid.refresh_from_db()
    assert (str(grid.etp_total), str(grid.budget_total)) == ("8.50", "150.00")
    assert grid.figures.get(key="risque.financier").value == 3
    ProjectFactory(region=bfc.region, moa=bfc.grades, phase=Phase.DEPLOIEMENT)
    ProjectFactory(region=bfc.region, moa=bfc.grades, phase=Phase.DEPLOIEMENT)
    detail = client.get(reverse("enquete:grid", args=[grid.pk])).content.decode()
    assert "Indice du niveau de pilotage régional" in detail
    # the portfolio is read from the portfolio module, not typed again
    assert '<th scope="row">Déploiement</th><td>ARS</td><td>2</td>' in detail
    client.post(reverse("enquete:grid_submit", args=[grid.pk]))
    grid.refresh_from_db()
    assert grid.submitted_at is not None
    monograph = pdf_text(client.get(reverse("enquete:monograph", args=[grid.pk])).content)
    assert "Monographie — GRADeS Bourgogne-Franche-Comté" in monograph
    assert "2024 7,00" in monograph and "2025 8,50" in monograph
    assert "Risques financiers 3" in monograph
    # each index says how many criteria are met, even none, and that answers are missing
    assert "régional 1 0 sur 5 — réponses incomplètes" in " ".join(monograph.split())


def test_the_ars_answers_its_questionnaire_online(client, bfc, admin):
    campaign = services.create_campaign(acting_user=admin, name="Enquête", years=[2025])
    client.force_login(bfc.officer)
    url = reverse("enquete:questionnaire", args=[campaign.pk])
    assert client.post(url, {"q1": "Pas encore", "q6": "4", "q8_1": "1"}).status_code == 302
    questionnaire = Questionnaire.objects.get()
    items = campaign.methodology.definition["questions"][7]["items"]
    assert questionnaire.answers == {"q1": "Pas encore", "q6": 4, "q8": {items[1]: 1}}
    refused = client.post(url, {"q1": "Pas encore", "submit": "1"})
    assert "répondez à toutes les questions" in refused.content.decode()
    client.force_login(bfc.manager)
    assert client.get(url).status_code == 404


def test_the_admin_imports_closes_and_downloads_the_synthesis(client, bfc, admin):
    campaign = services.create_campaign(acting_user=admin, name="Enquête 2011", years=[2011])
    client.force_login(admin)
    data = (
        "annee;territoire;operateur;etp_total;budget_fonctionnement;budget_investissement;"
        "budget_total;population_reference\n"
        "2011;26;GCS Bourgogne;4;;;800000;\n"
        "2011;43;GCS Franche-Comté;;;;600000;1000000\n"
    ).encode("cp1252")
    upload = SimpleUploadedFile("enquete.csv", data)
    page = client.post(
        reverse("enquete:import", args=[campaign.pk]), {"file": upload, "dry_run": ""}
    ).content.decode()
    assert "2 grille(s) créée(s)" in page
    client.post(reverse("enquete:status", args=[campaign.pk]), {"status": "close"})
    campaign.refresh_from_db()
    assert not campaign.is_open
    text = pdf_text(client.get(reverse("enquete:synthesis_pdf", args=[campaign.pk])).content)
    assert "Synthèse nationale — Enquête 2011 (2011)" in text
    # Bourgogne: 800 000 € for 1 600 000 inhabitants = 0,50 €; Franche-Comté: 600 000 € for
    # its population of reference 1 000 000 = 0,60 € (ranked first)
    assert text.index("Franche-Comté 600 000,00 € 1 000 000 0,60 €") < text.index(
        "Bourgogne 800 000,00 € 1 600 000 0,50 €"
    )
    assert "Bourgogne-Franche-Comté 4,00 1 400 000,00 € 2 600 000 0,54 €" in text
