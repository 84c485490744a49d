"""In Chromium: the GRADeS manager explains an unusual value and submits; the ARS officer is
written to, finds the report in their "À faire", reviews it and cannot validate it without a
reason; the reporter is written to once it is validated."""

import pytest

from pilote.comptes.models import Role
from pilote.indicateurs.models import ReportStatus
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("tasks_run")]


def test_a_submitted_report_reaches_the_ars_officers_todo_and_mailbox(
    live_server, outbox, world, campaign, bfc_history, new_page
):
    report = campaign.reports.get(region=world.bfc.region)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    officer = world.bfc.users[Role.ARS_OFFICER]
    outbox.clear()  # the campaigns' opening e-mails
    page = new_page()

    login(page, live_server.url, manager.email)
    page.goto(f"{live_server.url}/indicateurs/rapports/{report.pk}/")
    value = page.get_by_label("Valeur : Établissements de santé du périmètre", exact=True)
    value.fill("1000")
    value.press("Tab")
    page.get_by_text("variation inhabituelle par rapport à la période précédente").wait_for()
    page.get_by_label("Commentaire : Établissements de santé du périmètre", exact=True).fill(
        "Nouveau périmètre : centres hospitaliers seulement"
    )
    page.keyboard.press("Tab")
    page.wait_for_load_state("networkidle")
    page.reload()
    page.get_by_role("button", name="Soumettre à l'ARS").click()
    assert page.get_by_text("Rapport soumis à l'ARS.").is_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    [message] = outbox.wait(1)
    assert message.to == [officer.email]
    assert message.subject == f"Pilote : rapport soumis — {report}"
    assert f"/indicateurs/rapports/{report.pk}/" in message.body

    login(page, live_server.url, officer.email)
    todo = page.locator("#a-faire")
    assert "Rapports à valider (1)" in todo.inner_text()
    assert page.get_by_test_id("todo-count").inner_text() == "À faire : 1 tâche"
    todo.get_by_role("link", name=f"{campaign.name} — {world.bfc.region.name}").click()
    review = page.locator("main").inner_text()
    assert "Contrôles avant validation" in review
    assert "variation inhabituelle par rapport à la période précédente" in review
    assert "Nouveau périmètre : centres hospitaliers seulement" in review

    # flagged (incomplete, an unusual change): no validation without a reason
    page.get_by_role("button", name="Valider malgré les alertes (ARS)").click()
    assert page.get_by_text("Indiquez pourquoi vous le validez quand même").is_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    page.get_by_label("Motif de la confirmation (obligatoire)").fill(
        "Périmètre réduit validé en comité régional"
    )
    page.get_by_role("button", name="Valider malgré les alertes (ARS)").click()
    assert page.get_by_text("Rapport validé ; transmis au niveau national.").is_visible()
    assert "Périmètre réduit validé en comité régional" in page.locator("main").inner_text()
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    sent = outbox.wait(2)
    assert [m.to for m in sent[1:]] == [[manager.email]]
    assert sent[1].subject == f"Pilote : rapport validé par l'ARS — {report}"
