"""In Chromium, through the real server: the BFC GRADeS manager, logged in as a user is, tries
the privilege escalation a review proved (moving their own organisation into another region
through the API, then reading that region). It is refused and changes nothing."""

import json

import pytest

from pilote.acteurs.models import Organisation
from pilote.comptes.models import Role
from tests.browser.conftest import login
from tests.factories import ProjectFactory

pytestmark = pytest.mark.browser


def test_a_grades_manager_cannot_move_their_organisation_into_another_region(
    live_server, world, framework, new_page
):
    other_project = ProjectFactory(
        region=world.ara.region, moa=world.ara.hospital, code="ARA-SECRET", title="Projet ARA"
    )
    grades = world.bfc.grades
    page = new_page()
    login(page, live_server.url, world.bfc.users[Role.GRADES_MANAGER].email)

    # the edit page of their own organisation does not offer the département or the type
    page.goto(f"{live_server.url}/structures/{grades.pk}/modifier/")
    assert page.get_by_label("Département").is_disabled()
    assert page.get_by_label("Type de structure").is_disabled()
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")

    # the API, with the browser's session and CSRF token, refuses the move
    api = f"{live_server.url}/api/v1/organisations/{grades.pk}"
    headers = {"X-CSRFToken": token, "Content-Type": "application/json"}
    response = page.request.patch(
        api, data=json.dumps({"departement": world.ara.departement.code}), headers=headers
    )
    assert response.status == 403
    assert "pas par ses membres" in response.json()["detail"]
    assert Organisation.objects.get(pk=grades.pk).region == world.bfc.region

    # and the other region stays out of reach
    response = page.request.get(f"{live_server.url}/api/v1/portfolio/projects/{other_project.pk}")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/portefeuille/projets/{other_project.pk}/")
    assert response.status == 404

    # what is theirs to change still changes
    response = page.request.patch(api, data=json.dumps({"short_name": "GRADeS"}), headers=headers)
    assert response.status == 200
    assert Organisation.objects.get(pk=grades.pk).short_name == "GRADeS"
