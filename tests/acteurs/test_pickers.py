"""Organisation pickers: homonyms told apart, a search that narrows the options within what
the user may read, and a full select without JavaScript (issue 9 §4)."""

import re

import pytest
from django.urls import reverse

from pilote.comptes.models import Role
from tests.factories import OrganisationFactory


def _options(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


@pytest.fixture
def auxerre(world):
    """Three homonyms in BFC, one in ARA that BFC must never see."""
    dep = world.bfc.departement
    sites = [("AUXERRE", "890000037"), ("AUXERRE", "890000045"), ("SENS", "890000052")]
    created = [
        OrganisationFactory(name="CH d'Auxerre", city=city, finess_et=finess, departement=dep)
        for city, finess in sites
    ]
    OrganisationFactory(name="CH d'Auxerre", city="LYON", departement=world.ara.departement)
    return created


def _picker_params(**extra):
    return {
        "champ": "moa",
        "portee": "etablissements",
        "vide": "1",
        "id": "id_moa",
        **extra,
    }


def test_the_project_form_tells_homonyms_apart_and_works_without_javascript(
    client, world, framework, auxerre
):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    html = client.get(reverse("portefeuille:project_create")).content.decode()
    options = [o.replace("&#x27;", "'") for o in _options(html, "id_moa")]
    assert "CH d'Auxerre — Auxerre — FINESS 890000037" in options
    assert "CH d'Auxerre — Auxerre — FINESS 890000045" in options
    assert "CH d'Auxerre — Sens — FINESS 890000052" in options
    assert not any("Lyon" in o for o in options)
    assert len(options) == len(set(options))
    # the search field is hidden until the script shows it: without JavaScript, a plain select
    assert re.search(r'<div class="pilote-picker__search[^"]*" data-picker-search hidden>', html)
    assert 'aria-controls="id_moa"' in html and 'for="id_moa-recherche"' in html


def test_the_search_narrows_the_options_within_the_users_region(client, world, auxerre):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    region = world.bfc.region.code
    response = client.get(
        reverse("acteurs:picker_options"),
        _picker_params(region=region, moa__recherche="sens"),
    )
    html = response.content.decode().replace("&#x27;", "'")
    assert re.findall(r"<option[^>]*>([^<]*)</option>", html) == [
        "---------",
        "CH d'Auxerre — Sens — FINESS 890000052",
    ]
    assert "1 structure trouvée." in html and 'hx-swap-oob="innerHTML"' in html
    by_finess = client.get(
        reverse("acteurs:picker_options"),
        _picker_params(region=region, moa__recherche="890000045"),
    ).content.decode()
    assert "FINESS 890000045" in by_finess and "890000037" not in by_finess
    nothing_from_lyon = client.get(
        reverse("acteurs:picker_options"), _picker_params(region=region, moa__recherche="lyon")
    ).content.decode()
    assert '<option value="' not in nothing_from_lyon.replace('<option value="">', "")
    assert "0 structure trouvée." in nothing_from_lyon


def test_the_chosen_organisation_stays_selected_whatever_is_typed(client, world, auxerre):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    chosen = auxerre[0]
    html = client.get(
        reverse("acteurs:picker_options"),
        _picker_params(region=world.bfc.region.code, moa=str(chosen.pk), moa__recherche="sens"),
    ).content.decode()
    assert f'<option value="{chosen.pk}" selected>' in html
    assert "FINESS 890000052" in html


def test_another_regions_organisations_are_never_offered(client, world, auxerre):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    other = client.get(
        reverse("acteurs:picker_options"), _picker_params(region=world.ara.region.code)
    )
    assert other.status_code == 404
    lyon = OrganisationFactory(name="GRADeS ARA bis", departement=world.ara.departement)
    smuggled = client.get(
        reverse("acteurs:picker_options"),
        _picker_params(region=world.bfc.region.code, moa=str(lyon.pk)),
    ).content.decode()
    assert f'value="{lyon.pk}"' not in smuggled


def test_a_bad_request_is_a_404_and_an_anonymous_visitor_must_log_in(client, world):
    url = reverse("acteurs:picker_options")
    assert client.get(url, _picker_params()).status_code == 302
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    assert client.get(url, _picker_params(portee="toutes")).status_code == 404
    assert client.get(url, _picker_params(id='x" onmouseover="y')).status_code == 404
