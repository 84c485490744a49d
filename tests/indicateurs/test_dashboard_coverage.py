"""Every published figure carries its coverage: the national dashboard, its downloads (CSV,
JSON, XLSX), the public API and the home page say how many regions are accepted, open on the
latest complete period and never present a partial sum as the national total."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from pilote.indicateurs import coverage, dashboard
from pilote.indicateurs.models import Dataset, Indicator
from pilote.indicateurs.opendata import names
from tests.reporting import open_semester, submitted, validate_and_accept


def accept(region_world, world, campaign, es="40", connected="36"):
    report = submitted(region_world, campaign, ES_TOTAL=es, MSS_ES_CONNECTES=connected)
    validate_and_accept(region_world, world.national_admin, report)
    return report


@pytest.fixture
def one_complete_one_partial(world, indicators):
    """2026S1 accepted for both regions; 2026S2 for BFC only (40 of 40 connected)."""
    first = open_semester(world, "2026S1")
    accept(world.bfc, world, first)
    accept(world.ara, world, first, connected="32")
    accept(world.bfc, world, open_semester(world, "2026S2"), connected="40")


def row_of(page: str, header: str) -> str:
    """The HTML of the table row whose header cell starts with `header`."""
    for row in re.findall(r"<tr[^>]*>.*?</tr>", page, flags=re.S):
        if re.search(r"<th scope=\"row\">(<a [^>]*>)?" + re.escape(header), row):
            return row
    raise AssertionError(f"no row {header}")


def test_coverage_counts_the_regions_accepted_for_the_whole_period(world, one_complete_one_partial):
    socle = Dataset.objects.get(code="SOCLE_SEMESTRIEL")
    regions = [world.bfc.region.pk, world.ara.region.pk]
    table = coverage.coverage_table([socle], ["2026S1", "2026S2", "2026", "2025S2"], regions)
    national = {code: table[(socle.pk, code, coverage.NATION)] for code in ("2026S1", "2026S2")}
    assert national["2026S1"].complete and national["2026S1"].label() == (
        "complet — 2 régions sur 2"
    )
    assert national["2026S2"].status == "partielle"
    assert national["2026S2"].label() == "partiel — 1 région sur 2"
    # a year needs both semesters: BFC covers 2026, ARA only half of it
    year = table[(socle.pk, "2026", coverage.NATION)]
    assert (year.accepted, year.expected, year.partly) == (1, 2, 1)
    assert table[(socle.pk, "2026", world.ara.region.pk)].status == "partielle"
    assert table[(socle.pk, "2025S2", coverage.NATION)].status == "aucune"


def test_a_partial_national_row_says_so_and_is_not_compared_with_the_target(
    client, world, one_complete_one_partial
):
    page = client.get(reverse("dashboard:national"), {"periode": "2026S2"}).content.decode()
    france = row_of(page, "France")
    assert "total partiel — 1 région sur 2" in france
    # BFC's 100 % is not France's figure: shown as a partial sum, never coloured or strong
    assert 'class="pilote-level-partial"' in france
    assert "cible atteinte" not in france and "<strong>" not in france
    assert "total partiel, non comparé à la cible" in france
    assert "Période partielle : 2e semestre 2026, données acceptées de 1 région sur 2." in page
    # the complete semester: France is the national total, compared with its target
    complete = client.get(reverse("dashboard:national"), {"periode": "2026S1"}).content.decode()
    france = row_of(complete, "France")
    assert "total partiel" not in france and "<strong>85,0 %</strong>" in france
    assert "pilote-level-close" in france  # 85 % of a 90 % target


def test_the_dashboard_opens_on_the_latest_complete_period(client, world, one_complete_one_partial):
    page = client.get(reverse("dashboard:national")).content.decode()
    assert '<option value="2026S1" selected>1er semestre 2026</option>' in page
    assert "Indicateurs par région — 1er semestre 2026" in page
    # the newer partial semester is one click away, labelled as partial
    assert '<option value="2026S2" >2e semestre 2026 (partiel — 1 région sur 2)' in page
    assert "2e semestre 2026 en cours de publication (partiel — 1 région sur 2)." in page
    assert '<a class="fr-link" href="?periode=2026S2">Voir 2e semestre 2026 (partiel)</a>' in page
    # downloads without a period give the same default
    data = client.get(reverse("dashboard:data_json")).json()
    assert data["periode"] == "2026S1" and data["couverture"]["statut"] == "complete"


def test_the_national_level_sets_the_publication_threshold(client, world, one_complete_one_partial):
    socle = Dataset.objects.get(code="SOCLE_SEMESTRIEL")
    socle.publication_threshold = 50  # in the admin: Jeux de données › seuil de publication
    socle.save()
    page = client.get(reverse("dashboard:national")).content.decode()
    assert '<option value="2026S2" selected>' in page
    # above the threshold, still a partial total
    assert "total partiel — 1 région sur 2" in row_of(page, "France")


def test_targets_show_where_no_value_is_published(client, world, indicators):
    accept(world.bfc, world, open_semester(world, "2026S2"))
    page = client.get(reverse("dashboard:national"), {"periode": "2026S2"}).content.decode()
    ara = row_of(page, world.ara.region.name)
    assert "aucune valeur acceptée" in ara
    assert "cible 90,0 %" in ara  # IND_MSS_ES's national target, although no value yet
    assert "pas de cible" not in ara.split("</td>")[0]
    national_targets = row_of(page, "Cible nationale")
    assert "90,0 %" in national_targets


def test_the_downloads_carry_the_coverage_and_the_page_rows(
    client, world, one_complete_one_partial
):
    indicator_count = Indicator.objects.filter(on_dashboard=True).count()
    response = client.get(reverse("dashboard:data_csv"), {"periode": "2026S2"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0]) == names()
    assert len(rows) == 3 * indicator_count  # 2 regions and France, as on the page
    by_place = {r["region_code"]: r for r in rows if r["indicateur_code"] == "IND_MSS_ES"}
    bfc, ara, france = (
        by_place[world.bfc.region.code],
        by_place[world.ara.region.code],
        by_place["FR"],
    )
    assert (bfc["valeur"], bfc["couverture"], bfc["couverture_acceptes"]) == (
        "100.0",
        "complete",
        "1",
    )
    assert (ara["valeur"], ara["couverture"], ara["cible"]) == ("", "aucune", "90.0")
    # France: no national value while partial; the partial sum is said to be one
    assert france["valeur"] == "" and france["valeur_partielle"] == "100.0"
    assert (france["couverture"], france["couverture_acceptes"], france["couverture_attendus"]) == (
        "partielle",
        "1",
        "2",
    )
    data = client.get(reverse("dashboard:data_json"), {"periode": "2026S2"}).json()
    assert data["couverture"]["libelle"] == "partiel — 1 région sur 2"
    assert [list(r.values()) for r in data["donnees"]][-1][:3] == ["2026S2", "FR", "France"]
    assert len(data["donnees"]) == len(rows)


def test_the_xlsx_download_has_french_headers_numbers_and_escaped_text(
    client, world, one_complete_one_partial
):
    Indicator.objects.filter(code="IND_MSS_ES").update(name='=HYPERLINK("http://x","clic")')
    response = client.get(reverse("dashboard:data_xlsx"), {"periode": "2026S1"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('tableau-de-bord-2026S1.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Période",
        "Code région",
        "Région",
        "Code indicateur",
        "Indicateur",
        "Valeur",
    )
    assert "Couverture" in rows[0] and "Déclarants acceptés" in rows[0]
    header = rows[0]
    france = next(r for r in rows if r[1] == "FR" and r[3] == "IND_MSS_ES")
    assert france[header.index("Valeur")] == 85.0  # a number, not text
    assert france[header.index("Déclarants acceptés")] == 2
    assert france[header.index("Couverture")] == "complete"
    # a name starting with "=" is text, never a formula
    cell = next(c for c in sheet["E"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_the_table_schema_describes_the_coverage_fields(client, world, one_complete_one_partial):
    schema = client.get(reverse("dashboard:schema")).json()
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == names()
    assert fields["couverture"]["constraints"] == {"enum": ["complete", "partielle", "aucune"]}
    assert fields["couverture_acceptes"]["type"] == "integer"
    assert fields["valeur_partielle"]["type"] == "number"


def test_the_public_api_carries_the_coverage(client, world, one_complete_one_partial):
    rows = client.get(
        "/api/v1/indicators/values", {"period": "2026S2", "indicator": "IND_MSS_ES"}
    ).json()
    # the page's rows: France and every region
    assert sorted(r["territory"] for r in rows) == sorted(
        ["FR", world.bfc.region.code, world.ara.region.code]
    )
    by_place = {r["territory"]: r for r in rows}
    assert by_place["FR"]["value"] is None and by_place["FR"]["partial_value"] == 100.0
    assert by_place["FR"]["coverage"]["label"] == "partiel — 1 région sur 2"
    assert by_place[world.bfc.region.code]["value"] == 100.0
    assert by_place[world.bfc.region.code]["coverage"]["status"] == "complete"
    assert by_place[world.ara.region.code]["target"] == 90.0
    complete = client.get(
        "/api/v1/indicators/values",
        {"period": "2026S1", "indicator": "IND_MSS_ES", "territory": "FR"},
    ).json()
    assert complete[0]["value"] == 85.0 and complete[0]["coverage"]["status"] == "complete"


def test_the_home_page_shows_the_period_the_dashboard_opens_on(
    client, world, one_complete_one_partial
):
    page = client.get("/").content.decode()
    assert "1er semestre 2026 : total national, données acceptées des 2 régions." in page
    socle = Dataset.objects.get(code="SOCLE_SEMESTRIEL")
    socle.publication_threshold = 50
    socle.save()
    page = client.get("/").content.decode()
    # the same choice as the dashboard's, and still called a partial total
    assert dashboard.publication().default.code == "2026S2"
    assert "total partiel de 1 région sur 2 — 2e semestre 2026" in page
    assert "Cible nationale" not in page
