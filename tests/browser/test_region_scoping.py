"""In Chromium: a BFC ARS officer sees BFC only; the national reader sees both regions."""

import pytest

from pilote.comptes.models import Role
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_the_bfc_officer_sees_bfc_and_gets_404_on_an_ara_edit_page(live_server, world, new_page):
    page = new_page()
    officer = world.bfc.users[Role.ARS_OFFICER]
    login(page, live_server.url, officer.email)
    assert page.get_by_role("heading", level=1).inner_text() == world.bfc.region.name
    assert page.get_by_role("link", name=world.bfc.ars.name).is_visible()

    response = page.goto(f"{live_server.url}/structures/{world.ara.hospital.pk}/modifier/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page introuvable").is_visible()
    response = page.goto(f"{live_server.url}/structures/{world.ara.hospital.pk}/")
    assert response.status == 404

    page.goto(f"{live_server.url}/structures/")
    rows = page.locator("#organisation-results tbody tr").all_inner_texts()
    assert any(world.bfc.hospital.name in r for r in rows)
    assert not any(world.ara.hospital.name in r for r in rows)

    # the officer may edit their own region's hospital, and the change lands in its history
    page.goto(f"{live_server.url}/structures/{world.bfc.hospital.pk}/modifier/")
    page.get_by_label("Téléphone").fill("0380293000")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Historique").click()
    history = page.locator("main table").inner_text()
    assert "0380293000" in history and officer.last_name in history


def test_the_national_reader_sees_both_regions(live_server, world, new_page):
    page = new_page()
    login(page, live_server.url, world.national_reader.email)
    assert page.get_by_role("heading", name="Vue nationale").is_visible()
    for world_region in (world.bfc, world.ara):
        response = page.goto(f"{live_server.url}/structures/{world_region.hospital.pk}/")
        assert response.status == 200
        assert page.get_by_role("heading", level=1).inner_text() == world_region.hospital.name
    # a reader cannot edit
    response = page.goto(f"{live_server.url}/structures/{world.ara.hospital.pk}/modifier/")
    assert response.status == 404

    page.goto(f"{live_server.url}/")
    page.get_by_label("Région consultée").select_option(label=world.ara.region.name)
    page.get_by_role("button", name="Changer de région").click()
    assert page.get_by_role("heading", level=1).inner_text() == world.ara.region.name
    page.keyboard.press("Tab")  # the skip links come first for keyboard users
    assert page.evaluate("document.activeElement.textContent").strip() == "Contenu"
