"""In Chromium: two users enter the same value; the second sees who saved what, the field shows
the stored value, and entering theirs again replaces it (no lost update, no silent overwrite)."""

import pytest

from pilote.comptes.models import Role
from pilote.indicateurs.models import DataValue
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

LABEL = "Valeur : Établissements de santé du périmètre"


def test_the_second_user_sees_the_conflict_then_may_replace_the_value(
    live_server, world, campaign, new_page
):
    report = campaign.reports.get(region=world.bfc.region)
    officer = world.bfc.users[Role.ARS_OFFICER]
    officer.first_name, officer.last_name = "Aline", "Martin"
    officer.save()
    url = f"{live_server.url}/indicateurs/rapports/{report.pk}/"
    manager_page, officer_page = new_page(), new_page()
    login(manager_page, live_server.url, world.bfc.users[Role.GRADES_MANAGER].email)
    login(officer_page, live_server.url, officer.email)
    manager_page.goto(url)
    officer_page.goto(url)

    field = officer_page.get_by_label(LABEL, exact=True)
    field.fill("42")
    field.press("Tab")
    officer_page.locator(".fr-valid-text").wait_for()

    field = manager_page.get_by_label(LABEL, exact=True)
    field.fill("40")
    field.press("Tab")
    alert = manager_page.get_by_role("alert")
    alert.wait_for()
    assert "modifiée entre-temps par Aline Martin" in alert.inner_text()
    assert "Votre saisie (40) n'a pas été enregistrée" in alert.inner_text()
    assert manager_page.get_by_label(LABEL, exact=True).input_value() == "42"
    assert DataValue.objects.get().value == 42

    field = manager_page.get_by_label(LABEL, exact=True)  # the swapped-in field
    field.fill("40")
    field.press("Tab")
    manager_page.locator(".fr-valid-text").wait_for()
    assert DataValue.objects.get().value == 40
    # the officer's page is now stale in turn: the same rule protects the manager's value
    field = officer_page.get_by_label(LABEL, exact=True)
    field.fill("41")
    field.press("Tab")
    officer_page.get_by_role("alert").wait_for()
    assert DataValue.objects.get().value == 40
