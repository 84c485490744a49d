"""The public region page: every period type the selector offers renders; each chart speaks
French, has a legend, a forecast drawn from the last accepted point, a text alternative and the
table of its values; the table by département says how many establishments it covers."""

import html
import json
import re

import pytest
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs import dashboard, workflow
from pilote.indicateurs.models import DataElement, Dataset, Indicator, Level, ValueType
from tests.reporting import enter, open_semester, submitted, validate_and_accept


@pytest.fixture
def bfc_three_semesters(world, indicators):
    """BFC's 2025S1, 2025S2 and 2026S1 accepted: 10, 20 then 30 of 40 establishments."""
    for period, connected in (("2025S1", "10"), ("2025S2", "20"), ("2026S1", "30")):
        report = submitted(
            world.bfc, open_semester(world, period), ES_TOTAL="40", MSS_ES_CONNECTES=connected
        )
        validate_and_accept(world.bfc, world.national_admin, report)


def region_page(client, world, period=None):
    url = reverse("dashboard:region", args=[world.bfc.region.code])
    return client.get(url, {"periode": period} if period else {})


def spec_of(page: str, chart_id: str) -> dict:
    match = re.search(rf'<script id="{chart_id}-spec" type="application/json">(.*?)</script>', page)
    return json.loads(match.group(1))


def test_every_period_type_the_selector_offers_renders(client, world, bfc_three_semesters):
    offered = [
        code for _group, options in dashboard.publication().choices() for code, _l in options
    ]
    assert {"2026S1", "2025S2", "2026", "2025"} <= set(offered)
    for code in offered + ["2026Q1", "202601"]:
        response = region_page(client, world, code)
        assert response.status_code == 200, code
    year = region_page(client, world, "2025").content.decode()
    # the yearly chart runs over years: 2025 rolls both semesters up (20 of 40 at its end)
    history = [
        v["periode"] for v in spec_of(year, "chart-ind_mss_es")["layer"][0]["data"]["values"]
    ]
    assert "2025" in history and not any("S" in p for p in history)
    assert '<option value="2025" selected>2025 (partiel — 1 région sur 2)</option>' in year
    assert "Aucune donnée de la région" not in year  # BFC's own 2025 is complete
    ara = client.get(reverse("dashboard:region", args=[world.ara.region.code]), {"periode": "2025"})
    assert "Aucune donnée de la région n'est encore acceptée pour 2025." in ara.content.decode()


def test_a_chart_has_a_legend_french_numbers_and_a_forecast_from_the_last_point(
    client, world, bfc_three_semesters
):
    page = region_page(client, world, "2026S1").content.decode()
    spec = spec_of(page, "chart-ind_mss_es")
    locale = spec["config"]["locale"]["number"]
    assert (locale["decimal"], locale["thousands"], locale["percent"]) == (
        ",",
        "\u202f",
        "\u202f%",
    )
    line, target = spec["layer"]
    assert line["encoding"]["color"]["scale"]["domain"] == [
        "Valeurs acceptées",
        "Prévision (courbe logistique)",
        "Cible",
    ]
    assert line["encoding"]["y"]["axis"]["format"] == ".0%"
    assert target["data"]["values"] == [{"valeur": 0.9, "serie": "Cible"}]
    values = line["data"]["values"]
    actual = [v for v in values if v["serie"] == "Valeurs acceptées"]
    forecast = [v for v in values if v["serie"] == "Prévision (courbe logistique)"]
    assert actual[-1] == {"periode": "2026S1", "valeur": 0.75, "serie": "Valeurs acceptées"}
    # the forecast line starts where the accepted values end
    assert (forecast[0]["periode"], forecast[0]["valeur"]) == ("2026S1", 0.75)
    assert forecast[1]["periode"] == "2026S2" and forecast[1]["valeur"] > 0.75


def test_a_chart_has_a_text_alternative_and_a_data_table(client, world, bfc_three_semesters):
    page = html.unescape(region_page(client, world, "2026S1").content.decode())
    summary = (
        "Évolution de « Part des établissements de santé connectés à MSSanté » en "
        "Bourgogne-Franche-Comté ; de 25,0 % en 2025S1 à 75,0 % en 2026S1 ; cible : 90,0 %"
    )
    assert f'class="pilote-chart" role="img" aria-label="{summary}' in page
    assert f'<figcaption class="fr-text--sm">{summary}' in page
    details = page[page.index("<details><summary>Données du graphique « Part des établissements") :]
    details = details[: details.index("</details>")]
    assert '<th scope="col">Valeur acceptée</th><th scope="col">Prévision</th>' in details
    assert '<tr><th scope="row">2025S2</th><td>50,0 %</td><td></td></tr>' in details
    assert '<tr><th scope="row">2026S1</th><td>75,0 %</td><td>75,0 %</td></tr>' in details


def test_the_svg_download_writes_numbers_the_french_way(client, world, bfc_three_semesters):
    url = reverse("dashboard:region_chart", args=[world.bfc.region.code, "IND_MSS_ES"])
    svg = client.get(url, {"periode": "2026S1"}).content.decode()
    labels = re.findall(r">([^<>]*%)</text>", svg)
    assert labels and all("\u202f%" in label for label in labels), labels
    assert "Cible" in svg and "Prévision (courbe logistique)" in svg  # the legend


def establishment_dataset(world):
    """A dataset entered per establishment with its own elements (like the demo's)."""
    elements = [
        DataElement.objects.create(code=code, name=name, value_type=ValueType.INTEGER)
        for code, name in (("ETAB_SEJ", "Séjours"), ("ETAB_SEJ_DMP", "Séjours avec DMP"))
    ]
    Indicator.objects.create(
        code="IND_ETAB",
        name="Part des séjours avec DMP (établissements)",
        short_name="Séjours DMP (établ.)",
        numerator=elements[1],
        denominator=elements[0],
        factor=100,
        unit="%",
        on_dashboard=False,
    )
    dataset = Dataset.objects.create(
        code="ETAB", name="Établissements", period_type="semestre", level=Level.ORGANISATION
    )
    dataset.data_elements.set(elements)
    from tests.factories import OrganisationFactory

    other = OrganisationFactory(name="CH Dole", departement=world.bfc.departement)
    dataset.organisations.set([world.bfc.hospital, other])
    return dataset


def test_the_departement_table_counts_the_establishments_accepted(client, world, indicators):
    campaign = open_semester(world, "2026S1", dataset_code=establishment_dataset(world).code)
    report = campaign.reports.get(organisation=world.bfc.hospital)
    enter(world.bfc, report, ETAB_SEJ="200", ETAB_SEJ_DMP="150")
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    validate_and_accept(world.bfc, world.national_admin, report)
    page = html.unescape(region_page(client, world, "2026S1").content.decode())
    table = page[page.index("Par département et territoire infrarégional") :]
    table = table[: table.index("</table>")]
    assert "Séjours DMP (établ.)" in table and world.bfc.departement.name in table
    assert "1 établissement sur 2 acceptés" in table
    assert "75,0 %" in table and "(partiel)" in table  # one establishment of two
    api = client.get(
        "/api/v1/indicators/values",
        {"period": "2026S1", "indicator": "IND_ETAB", "level": "departement"},
    ).json()
    [row] = [r for r in api if r["territory"] == world.bfc.departement.code]
    assert row["value"] is None and row["partial_value"] == 75.0
    assert row["coverage"]["label"] == "partiel — 1 établissement sur 2"
