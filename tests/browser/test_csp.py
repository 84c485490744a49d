"""In Chromium, under Pilote's Content-Security-Policy (no inline script, no eval): the charts
draw, htmx and DSFR run, and the browser reports no violation."""

import pytest

from pilote.comptes.models import Role
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def watch(page) -> list[str]:
    """Every CSP violation and script error the page reports."""
    problems = []
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return problems


def test_the_charts_draw_under_the_policy(live_server, world, bfc_history, new_page):
    page = new_page()
    problems = watch(page)
    response = page.goto(f"{live_server.url}/tableau-de-bord/{world.bfc.region.code}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    charts = page.locator(".pilote-chart")
    assert charts.count() >= 1
    charts.first.locator("svg").first.wait_for()  # drawn by vega through vega-interpreter
    assert page.locator(".pilote-chart svg").count() >= charts.count()
    assert problems == []


def test_logged_in_pages_run_their_scripts_under_the_policy(live_server, world, new_page):
    page = new_page()
    problems = watch(page)
    login(page, live_server.url, world.bfc.users[Role.ARS_OFFICER].email)
    page.goto(f"{live_server.url}/structures/")
    page.wait_for_load_state("networkidle")
    # DSFR's script marks the document once it runs; htmx defines its global
    assert page.evaluate("() => document.documentElement.hasAttribute('data-fr-js')")
    assert page.evaluate("() => typeof window.htmx === 'object'")
    assert problems == []
