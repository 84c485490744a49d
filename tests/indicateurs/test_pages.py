import html
import json

from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs import workflow
from pilote.indicateurs.models import DataElement, DataValue
from pilote.indicateurs.values import save_value


def fill_and_accept(world, campaign, es="100", connected="80"):
    report = campaign.reports.get(region=world.bfc.region)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    for code, raw in (("ES_TOTAL", es), ("MSS_ES_CONNECTES", connected)):
        save_value(
            acting_user=manager, report=report, element=DataElement.objects.get(code=code), raw=raw
        )
    workflow.submit_report(acting_user=manager, report=report)
    workflow.validate_report(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        report=report,
        confirmation_reason="Remontée partielle",
    )
    workflow.accept_report(
        acting_user=world.national_admin, report=report, confirmation_reason="Remontée partielle"
    )
    return report


def test_an_ars_cannot_see_another_regions_report_or_its_unaccepted_values(client, world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    save_value(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        report=report,
        element=DataElement.objects.get(code="DMP_CREES"),
        raw="4321",
    )
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    assert client.get(reverse("indicateurs:report", args=[report.pk])).status_code == 404
    response = client.post(
        reverse("indicateurs:value_save", args=[report.pk]),
        {"element": DataElement.objects.get(code="DMP_CREES").pk, "value": "1"},
    )
    assert response.status_code == 404
    exported = client.get("/api/v1/indicators/datavaluesets", {"campaign": campaign.pk}).json()
    assert exported == []
    public = client.get("/api/v1/indicators/values", {"period": "2026S2"}).json()
    assert all(v["value"] is None for v in public)
    assert (
        "4321"
        not in client.get(reverse("dashboard:national"), {"periode": "2026S2"}).content.decode()
    )
    assert DataValue.objects.get().value == 4321


def test_the_entry_form_saves_a_field_and_reports_errors_in_french(client, world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    element = DataElement.objects.get(code="ES_TOTAL")
    ok = client.post(
        reverse("indicateurs:value_save", args=[report.pk]),
        {"element": element.pk, "value": "42", "comment": "dont 3 CH"},
        HTTP_HX_REQUEST="true",
    )
    assert "Enregistré" in ok.content.decode()
    bad = client.post(
        reverse("indicateurs:value_save", args=[report.pk]),
        {"element": element.pk, "value": "beaucoup"},
        HTTP_HX_REQUEST="true",
    )
    assert "« beaucoup » n'est pas un nombre" in html.unescape(bad.content.decode())
    value = DataValue.objects.get()
    assert (value.value, value.comment) == (42, "dont 3 CH")


def test_only_accepted_data_reaches_the_public_dashboard(client, world, campaign):
    fill_and_accept(world, campaign)
    page = client.get(reverse("dashboard:national"), {"periode": "2026S2"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "80,0 %" in body  # 80 of 100 establishments
    data = client.get(reverse("dashboard:data_json"), {"periode": "2026S2"}).json()
    row = next(
        r
        for r in data["donnees"]
        if r["region_code"] == world.bfc.region.code and r["indicateur_code"] == "IND_MSS_ES"
    )
    assert row["valeur"] == 80.0 and row["cible"] == 90.0
    schema = client.get(reverse("dashboard:schema")).json()
    assert [f["name"] for f in schema["fields"]] == list(data["donnees"][0])
    api = client.get(
        "/api/v1/indicators/values",
        {"period": "2026", "indicator": "IND_MSS_ES", "territory": "FR"},
    ).json()
    # one region of two, one semester of two: a partial figure, never the national value
    assert api == [
        {
            "indicator": "IND_MSS_ES",
            "territory": "FR",
            "period": "2026",
            "value": None,
            "partial_value": 80.0,
            "target": 90.0,
            "coverage": {
                "status": "partielle",
                "accepted": 0,
                "expected": 2,
                "unit": "regions",
                "label": "partiel — 0 région sur 2, 1 pour une partie de la période",
            },
        }
    ]


def test_the_dashboard_offers_semesters_and_years(client, world, campaign):
    fill_and_accept(world, campaign)
    page = client.get(reverse("dashboard:national")).content.decode()
    # one region of two accepted: every period says it is partial
    assert (
        '<optgroup label="Semestres"><option value="2026S2" selected>'
        "2e semestre 2026 (partiel — 1 région sur 2)" in page
    )
    assert (
        '<optgroup label="Années"><option value="2026" >'
        "2026 (partiel — 0 région sur 2, 1 pour une partie de la période)" in page
    )
    year = client.get(reverse("dashboard:national"), {"periode": "2026"}).content.decode()
    assert "80,0 %" in year  # the year rolls the semester up, the ratio recomputed


def test_the_region_page_draws_a_vega_lite_chart(client, world, campaign):
    fill_and_accept(world, campaign)
    page = client.get(
        reverse("dashboard:region", args=[world.bfc.region.code]), {"periode": "2026S2"}
    ).content.decode()
    assert 'id="chart-ind_mss_es-spec"' in page and "vega-lite/v5.json" in page
    assert "vendor/vega/vega-embed.min.js" in page


def test_a_region_chart_is_rendered_to_svg_from_accepted_data_only(client, world, campaign):
    url = reverse("dashboard:region_chart", args=[world.bfc.region.code, "IND_MSS_ES"])
    fill_and_accept(world, campaign)
    response = client.get(url, {"periode": "2026S2"})  # public, like the dashboard
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "IND_MSS_ES".lower() in response["Content-Disposition"]
    svg = response.content.decode()
    assert svg.startswith("<svg") and "2026S2" in svg and "Valeurs acceptées" in svg
    assert world.bfc.region.name in svg
    empty = client.get(
        reverse("dashboard:region_chart", args=[world.ara.region.code, "IND_MSS_ES"]),
        {"periode": "2026S2"},
    ).content.decode()
    assert empty.startswith("<svg") and "Valeurs acceptées" not in empty
    assert (
        client.get(url.replace("IND_MSS_ES", "INCONNU"), {"periode": "2026S2"}).status_code == 404
    )


def test_departement_figures_on_the_region_page_and_in_the_api(client, world, indicators):
    from tests.factories import OrganisationFactory

    departement = world.bfc.departement
    for total, connected in ((10, 9), (30, 3)):
        hospital = OrganisationFactory(departement=departement)
        for code, value in (("ES_TOTAL", total), ("MSS_ES_CONNECTES", connected)):
            DataValue.objects.create(
                data_element=DataElement.objects.get(code=code),
                organisation=hospital,
                region=world.bfc.region,
                period="2024S2",
                value=value,
                accepted_value=value,
            )
    page = client.get(
        reverse("dashboard:region", args=[world.bfc.region.code]), {"periode": "2024S2"}
    ).content.decode()
    assert "Par département" in page and departement.name in page and "30,0 %" in page
    api = client.get(
        "/api/v1/indicators/values",
        {"period": "2024", "indicator": "IND_MSS_ES", "level": "departement"},
    ).json()
    assert {"territory": departement.code, "value": 30.0} in [
        {"territory": row["territory"], "value": row["value"]} for row in api
    ]
    assert world.ara.departement.code in {row["territory"] for row in api}
    wrong = client.get("/api/v1/indicators/values", {"period": "2024", "level": "commune"})
    assert wrong.status_code == 422


def test_a_data_value_set_through_the_api(client, world, campaign):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    url = f"/api/v1/indicators/campaigns/{campaign.pk}/datavaluesets"
    body = {
        "dataValues": [
            {
                "dataElement": "ES_TOTAL",
                "orgUnit": world.bfc.region.code,
                "period": "2026S2",
                "value": "12",
            },
            {
                "dataElement": "ES_TOTAL",
                "orgUnit": world.ara.region.code,
                "period": "2026S2",
                "value": "13",
            },
        ]
    }
    refused = client.post(url, json.dumps(body), content_type="application/json")
    assert refused.status_code == 422
    assert "ligne 2, colonne « unité (orgUnit) »" in refused.json()["problems"][0]
    body["dataValues"].pop()
    dry = client.post(url + "?dry_run=true", json.dumps(body), content_type="application/json")
    assert dry.json()["dry_run"] is True and not DataValue.objects.exists()
    done = client.post(url, json.dumps(body), content_type="application/json").json()
    assert done["created"] == 1
    exported = client.get("/api/v1/indicators/datavaluesets", {"campaign": campaign.pk}).json()
    assert exported[0]["value"] == 12 and exported[0]["accepted"] is False


def test_the_import_page_lists_problems_and_changes_nothing(client, world, campaign):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = campaign.reports.get(region=world.bfc.region)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    content = (
        "dataElement;option;orgUnit;period;value;comment\n"
        f"ES_TOTAL;;{world.bfc.region.code};2026S2;12;\n"
        f"ES_TOTAL;;{world.bfc.region.code};2026S1;12;\n"
    ).encode()
    response = client.post(
        reverse("indicateurs:report_import", args=[report.pk]),
        {"file": SimpleUploadedFile("valeurs.csv", content)},
    )
    assert response.status_code == 422
    assert "ligne 3, colonne « période (period) »" in response.content.decode()
    assert not DataValue.objects.exists()


def test_campaign_completeness_page(client, world, campaign):
    fill_and_accept(world, campaign)
    client.force_login(world.national_reader)
    response = client.get(reverse("indicateurs:campaign", args=[campaign.pk]))
    assert (response.context["completeness"], response.context["timeliness"]) == (50.0, 50.0)
    assert "Complétude : 50,0 %" in response.content.decode()


def test_the_entry_form_shows_last_periods_value_and_the_target(client, world, campaign):
    region = world.bfc.region
    DataValue.objects.create(
        data_element=DataElement.objects.get(code="MSS_ES_CONNECTES"),
        territory=region,
        region=region,
        period="2026S1",
        value=31,
        accepted_value=31,
    )
    report = campaign.reports.get(region=region)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    rows = client.get(reverse("indicateurs:report", args=[report.pk])).context["rows"]
    row = next(r for r in rows if r["element"].code == "MSS_ES_CONNECTES")
    assert row["previous"] == 31
    assert row["targets"] == ["ES connectés MSSanté : 90 %"]


def test_each_kind_of_value_is_entered_and_read_as_typed(client, world, campaign):
    """Yes/no is chosen among « oui » / « non » and read back so (it showed 1 / 0 after a
    reload, in a numeric field), a date reads 31/12/2026, a text field is a text field."""
    from pilote.indicateurs.models import ValueType

    report = campaign.reports.get(region=world.bfc.region)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    kinds = {
        "DPI_DEPLOYE": (ValueType.BOOLEAN, "oui"),
        "SIH_PRESTATAIRE": (ValueType.TEXT, "Éditeur régional"),
        "DATE_BASCULE": (ValueType.DATE, "31/12/2026"),
        "SIH_ARRET": (ValueType.BOOLEAN, "non"),
    }
    for code, (kind, raw) in kinds.items():
        element = DataElement.objects.create(code=code, name=code, value_type=kind)
        campaign.dataset.data_elements.add(element)
        save_value(acting_user=manager, report=report, element=element, raw=raw)
    campaign.dataset.data_elements.add(
        DataElement.objects.create(code="SIH_VIDE", name="SIH_VIDE", value_type=ValueType.BOOLEAN)
    )
    url = reverse("indicateurs:report", args=[report.pk])
    client.force_login(manager)
    page = html.unescape(client.get(url).content.decode())
    assert '<option value="oui" selected>oui</option>' in page
    assert '<option value="non" selected>non</option>' in page
    assert page.count(" selected>") == 3  # DPI_DEPLOYE, SIH_ARRET and SIH_VIDE's « — »
    assert 'type="text" value="Éditeur régional"' in page
    assert 'type="date" value="2026-12-31"' in page
    client.force_login(world.bfc.users[Role.ARS_READER])
    page = html.unescape(client.get(url).content.decode())
    for shown in ("<td>oui", "<td>non", "<td>31/12/2026", "<td>Éditeur régional"):
        assert shown in page, shown
    # chosen on the page, saved as typed
    client.force_login(manager)
    element = DataElement.objects.get(code="SIH_VIDE")
    response = client.post(
        reverse("indicateurs:value_save", args=[report.pk]),
        {"element": element.pk, "option": "", "value": "non", "version": ""},
    )
    assert response.status_code == 200
    assert DataValue.objects.get(data_element=element).value == 0
