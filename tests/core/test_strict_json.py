"""JSON in and out of the API and the open data is strict: a deeply nested or non-finite body
is refused in French, and every JSON output parses with a strict parser even when a stored
figure is infinite (written before values were bounded)."""

import html
import json
import re

import pytest
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs.models import Target


def strict(text: str):
    return json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))


def test_it_refuses_a_deeply_nested_api_body_in_french(client, world):
    officer = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(officer)
    org = world.bfc.hospital
    before = (org.short_name, org.history.count())
    url = f"/api/v1/organisations/{org.pk}"
    deep = '{"short_name": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.patch(url, deep, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Corps de la requête refusé : JSON trop profondément imbriqué : plus de 100 "
        "niveaux à la ligne 1, colonne 115"
    }
    response = client.patch(url, '{"short_name": NaN}', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Corps de la requête refusé : JSON : « NaN » (ligne 1, colonne 16) n'est pas un nombre "
        "accepté (infini, indéfini ou trop long)"
    )
    org.refresh_from_db()
    assert (org.short_name, org.history.count()) == before
    ok = client.patch(url, json.dumps({"short_name": "CHB"}), content_type="application/json")
    assert ok.status_code == 200


@pytest.fixture
def infinite_target(indicators):
    """A target stored as infinity (a database written before values were bounded)."""
    Target.objects.filter(indicator__code="IND_MSS_ES").update(value=float("inf"))


def test_api_responses_are_valid_json_with_an_infinite_figure(client, world, infinite_target):
    response = client.get(
        "/api/v1/indicators/values",
        {"period": "2026", "indicator": "IND_MSS_ES", "territory": "FR"},
    )
    assert response.status_code == 200
    assert strict(response.content.decode()) == [
        {
            "indicator": "IND_MSS_ES",
            "territory": "FR",
            "period": "2026",
            "value": None,
            "partial_value": None,
            "target": None,
            "coverage": {
                "status": "aucune",
                "accepted": 0,
                "expected": 2,
                "unit": "regions",
                "label": "aucune donnée acceptée — 0 région sur 2",
            },
        }
    ]


def test_open_data_and_charts_are_valid_json_with_an_infinite_figure(
    client, world, infinite_target
):
    data = client.get(reverse("dashboard:data_json"), {"periode": "2026S2"})
    rows = strict(data.content.decode())["donnees"]
    assert {r["cible"] for r in rows if r["indicateur_code"] == "IND_MSS_ES"} == {None}
    assert strict(client.get(reverse("dashboard:schema")).content.decode())["fields"]
    page = client.get(
        reverse("dashboard:region", args=[world.bfc.region.code]), {"periode": "2026S2"}
    ).content.decode()
    specs = re.findall(
        r'<script id="chart-[^"]+-spec" type="application/json">(.*?)</script>', page
    )
    assert specs
    for spec in specs:
        strict(html.unescape(spec))
