"""In Chromium: an organisation picker narrows as you type, with the keyboard only, tells a
screen reader how many organisations match, and stays a plain full select without JavaScript."""

import pytest

from pilote.comptes.models import Role
from pilote.portefeuille.models import Project
from tests.browser.conftest import login
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def homonyms(world):
    dep = world.bfc.departement
    for city, finess in [("AUXERRE", "890000037"), ("AUXERRE", "890000045"), ("SENS", "890000052")]:
        OrganisationFactory(name="CH d'Auxerre", city=city, finess_et=finess, departement=dep)


def test_the_moa_picker_narrows_as_you_type(live_server, world, framework, homonyms, new_page):
    page = new_page()
    login(page, live_server.url, world.bfc.users[Role.ARS_OFFICER].email)
    page.goto(f"{live_server.url}/portefeuille/projets/ajouter/")
    page.locator("#id_code").fill("BFC-TLM")
    page.locator("#id_title").fill("Télémédecine BFC")
    page.locator("#id_impulsion").select_option("ars")
    search = page.locator("#id_moa-recherche")
    assert search.is_visible()
    search.focus()
    page.keyboard.type("sens")
    status = page.locator("#id_moa-etat")
    status.filter(has_text="1 structure trouvée.").wait_for()
    moa = page.locator("#id_moa")
    assert moa.locator("option").all_inner_texts() == [
        "---------",
        "CH d'Auxerre — Sens — FINESS 890000052",
    ]
    page.keyboard.press("Tab")  # from the search field to the select it narrows
    assert page.evaluate("document.activeElement.id") == "id_moa"
    page.keyboard.press("ArrowDown")
    assert moa.input_value() != ""
    page.get_by_role("button", name="Créer le projet").click()
    page.wait_for_load_state("domcontentloaded")
    project = Project.objects.get(code="BFC-TLM")
    assert project.moa.finess_et == "890000052"


def test_without_javascript_the_picker_is_the_full_select(
    live_server, world, framework, homonyms, browser
):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, live_server.url, world.bfc.users[Role.ARS_OFFICER].email)
        page.goto(f"{live_server.url}/portefeuille/projets/ajouter/")
        assert not page.locator("#id_moa-recherche").is_visible()
        labels = page.locator("#id_moa option").all_inner_texts()
        assert sum("CH d'Auxerre" in label for label in labels) == 3
        assert len(labels) == len(set(labels))
    finally:
        context.close()
