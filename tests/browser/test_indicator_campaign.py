"""In Chromium: the GRADeS manager fills the campaign form and submits; the ARS officer
validates; the national administrator accepts; the value appears on the public dashboard."""

import functools

import pytest

from pilote.comptes.models import Role
from pilote.indicateurs.models import DataValue, ReportStatus
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def send_file(page, name: str, lines: str) -> None:
    """Send a CSV of these lines (after the header) through the page's import form."""
    header = "dataElement;option;orgUnit;period;value;comment\n"
    page.get_by_label("Fichier de données (CSV, XLSX ou JSON)").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": (header + lines).encode()}
    )
    page.get_by_role("button", name="Envoyer").click()


def logout(page):
    page.get_by_role("button", name="Se déconnecter").click()


def test_from_entry_to_the_public_dashboard(live_server, world, campaign, new_page):
    report = campaign.reports.get(region=world.bfc.region)
    url = f"{live_server.url}/indicateurs/rapports/{report.pk}/"
    page = new_page()

    login(page, live_server.url, world.bfc.users[Role.GRADES_MANAGER].email)
    page.goto(url)
    total = page.get_by_label("Valeur : Établissements de santé du périmètre", exact=True)
    total.fill("40")
    total.press("Tab")  # leaving the field saves it
    connected = page.get_by_label(
        "Valeur : Établissements de santé connectés à l'espace de confiance MSSanté", exact=True
    )
    connected.fill("36")
    connected.press("Tab")
    page.get_by_label(
        "Commentaire : Établissements de santé connectés à l'espace de confiance MSSanté",
        exact=True,
    ).fill("Recensement ARS de juin")
    page.keyboard.press("Tab")
    # a locator, not wait_for_function: the Content-Security-Policy forbids eval'd strings
    page.locator(".fr-valid-text").nth(1).wait_for()
    page.wait_for_load_state("networkidle")  # the comment's own save may still be on its way
    page.reload()
    page.get_by_role("button", name="Soumettre à l'ARS").click()
    assert page.get_by_text("Rapport soumis à l'ARS.").is_visible()
    logout(page)

    login(page, live_server.url, world.bfc.users[Role.ARS_OFFICER].email)
    page.goto(url)
    # an incomplete report: the ARS confirms it with a reason
    page.get_by_label("Motif de la confirmation (obligatoire)").fill("Remontée partielle")
    page.get_by_role("button", name="Valider malgré les alertes (ARS)").click()
    assert page.get_by_text("Rapport validé ; transmis au niveau national.").is_visible()
    logout(page)

    login(page, live_server.url, world.national_admin.email)
    page.goto(url)
    page.get_by_label("Motif de la confirmation (obligatoire)").fill("Remontée partielle")
    page.get_by_role("button", name="Accepter malgré les alertes (niveau national)").click()
    assert page.get_by_text("Rapport accepté : les valeurs sont publiées.").is_visible()
    logout(page)

    page.goto(f"{live_server.url}/tableau-de-bord/?periode={campaign.period}")
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=world.bfc.region.name)
    )
    assert "90,0 %" in row.inner_text()  # 36 of 40 establishments
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    connected_value = DataValue.objects.get(data_element__code="MSS_ES_CONNECTES")
    assert connected_value.comment == "Recensement ARS de juin"


def test_a_file_import_shows_its_progress_then_its_outcome(live_server, world, campaign, new_page):
    """The import form uploads through htmx with a progress bar and a status line; a refused
    file shows its problems by line, a dry run writes nothing, the real import reports."""
    report = campaign.reports.get(region=world.bfc.region)
    code = world.bfc.region.code
    page = new_page()
    login(page, live_server.url, world.bfc.users[Role.GRADES_MANAGER].email)
    page.goto(f"{live_server.url}/indicateurs/rapports/{report.pk}/")
    send = functools.partial(send_file, page)
    send("faux.csv", f"ES_TOTAL;;{code};2026S2;douze;\n")
    problem = page.get_by_text(
        "ligne 2, colonne « valeur (value) » : « douze » n'est pas un nombre"
    )
    problem.wait_for()
    assert page.get_by_role("heading", name="Import refusé — faux.csv").is_visible()
    assert page.url.endswith(f"/rapports/{report.pk}/")  # swapped in place by htmx
    page.get_by_role("link", name="Retour au rapport").click()
    page.evaluate(
        """() => {
        window.statuses = [];
        new MutationObserver(() => {
          const s = document.querySelector("[data-upload-status]");
          if (s && s.textContent) window.statuses.push(s.textContent);
        }).observe(document.body, {subtree: true, childList: true, characterData: true});
      }"""
    )

    send("essai.csv", f"ES_TOTAL;;{code};2026S2;40;\n")  # "Vérifier seulement" is ticked
    page.get_by_text(
        "Vérification réussie : 1 ligne valide ; l'import créerait 1 valeur,"
    ).wait_for()
    assert not DataValue.objects.exists()
    statuses = page.evaluate("window.statuses")
    assert any(s.startswith("Envoi du fichier : ") for s in statuses), statuses
    assert "Fichier reçu : vérification de chaque ligne et enregistrement en cours…" in statuses

    page.get_by_text("Vérifier seulement (aucune écriture)").click()
    send("vrai.csv", f"ES_TOTAL;;{code};2026S2;40;\n")
    page.get_by_text("Import réussi : 1 valeur créée").wait_for()
    assert DataValue.objects.get().value == 40


def test_a_campaign_file_is_sent_from_the_campaign_page(live_server, world, campaign, new_page):
    """The national administrator's file of two regions, from the campaign page: a refused
    line leads back to the campaign, the import names both reports."""
    bfc, ara = world.bfc.region, world.ara.region
    page = new_page()
    login(page, live_server.url, world.national_admin.email)
    page.goto(f"{live_server.url}/indicateurs/campagnes/{campaign.pk}/")
    send = functools.partial(send_file, page)
    send("faux.csv", f"ES_TOTAL;;{bfc.code};2026S2;40;\nES_TOTAL;;{ara.code};2026S2;trente;\n")
    page.get_by_text(
        "ligne 3, colonne « valeur (value) » : « trente » n'est pas un nombre"
    ).wait_for()
    page.get_by_role("link", name="Retour à la campagne").click()
    page.get_by_text("Vérifier seulement (aucune écriture)").click()
    send("vrai.csv", f"ES_TOTAL;;{bfc.code};2026S2;40;\nES_TOTAL;;{ara.code};2026S2;30;\n")
    summary = page.get_by_text("Import réussi : 2 valeurs créées")
    summary.wait_for()
    assert bfc.name in summary.inner_text() and ara.name in summary.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == campaign.name
    assert dict(DataValue.objects.values_list("region__code", "value")) == {
        bfc.code: 40,
        ara.code: 30,
    }
