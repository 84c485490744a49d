"""A campaign-wide file sent from the campaign page: it fills every report its lines name
that the user enters (the national administrator's file of several regions, an establishment
campaign's file of many FINESS numbers), checked line by line against each report; then back to
the campaign page, whose summary names the reports written to."""

import html

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs import workflow
from pilote.indicateurs.models import DataElement, DataValue
from pilote.indicateurs.values import save_value
from pilote.taches.models import Job, Status

HEADER = "dataElement;option;orgUnit;period;value;comment\n"


def post(client, campaign, content: str):
    return client.post(
        reverse("indicateurs:campaign_import", args=[campaign.pk]),
        {"file": SimpleUploadedFile("campagne.csv", (HEADER + content).encode())},
    )


def test_one_file_fills_several_regions_reports(client, world, campaign):
    bfc, ara = world.bfc.region, world.ara.region
    client.force_login(world.national_admin)
    page = client.get(reverse("indicateurs:campaign", args=[campaign.pk])).content.decode()
    assert reverse("indicateurs:campaign_import", args=[campaign.pk]) in page
    assert reverse("indicateurs:template", args=[campaign.pk]) in page
    response = post(
        client, campaign, f"ES_TOTAL;;{bfc.code};2026S2;120;\nES_TOTAL;;{ara.code};2026S2;95;\n"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("indicateurs:campaign", args=[campaign.pk])
    stored = dict(DataValue.objects.values_list("region__code", "value"))
    assert stored == {bfc.code: 120, ara.code: 95}
    summary = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert "Import réussi : 2 valeurs créées" in summary
    assert bfc.name in summary and ara.name in summary


def test_a_line_for_a_report_the_user_does_not_enter_refuses_the_whole_file(
    client, world, campaign
):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    page = client.get(reverse("indicateurs:campaign", args=[campaign.pk])).content.decode()
    assert "Importer un fichier" in page
    response = post(
        client,
        campaign,
        f"ES_TOTAL;;{world.bfc.region.code};2026S2;120;\nES_TOTAL;;{world.ara.region.code};2026S2;95;\n",
    )
    body = response.content.decode()
    assert response.status_code == 422 and "ligne 3" in body
    back = reverse("indicateurs:campaign", args=[campaign.pk])
    assert f'href="{back}">Retour à la campagne</a>' in body
    assert not DataValue.objects.exists()


def test_readers_get_no_form_and_cannot_post(client, world, campaign):
    for reader in (world.bfc.users[Role.ARS_READER], world.national_reader):
        client.force_login(reader)
        page = client.get(reverse("indicateurs:campaign", args=[campaign.pk])).content.decode()
        assert "Importer un fichier" not in page
        response = post(client, campaign, f"ES_TOTAL;;{world.bfc.region.code};2026S2;1;\n")
        assert response.status_code == 404
    assert not DataValue.objects.exists()


def test_the_form_is_offered_only_while_a_report_is_open_to_entry(client, world, campaign):
    """The GRADeS's report submitted: nothing left to enter, no form; a file sent anyway is
    refused line by line, saying why."""
    manager = world.bfc.users[Role.GRADES_MANAGER]
    report = campaign.reports.get(region=world.bfc.region)
    save_value(
        acting_user=manager,
        report=report,
        element=DataElement.objects.get(code="ES_TOTAL"),
        raw="100",
    )
    workflow.submit_report(acting_user=manager, report=report)
    client.force_login(manager)
    page = client.get(reverse("indicateurs:campaign", args=[campaign.pk])).content.decode()
    assert "Importer un fichier" not in page
    response = post(client, campaign, f"ES_TOTAL;;{world.bfc.region.code};2026S2;7;\n")
    body = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert (
        f"le rapport de « {world.bfc.region.code} » n'est pas ouvert à la saisie (Soumis à l'ARS)"
        in body
    )
    assert DataValue.objects.get().value == 100


def test_a_large_campaign_file_goes_to_the_worker_and_leads_back_to_the_campaign(
    client, world, campaign, settings, immediate_tasks
):
    settings.PILOTE_BACKGROUND_LINES = 1
    client.force_login(world.national_admin)
    bfc, ara = world.bfc.region.code, world.ara.region.code
    response = post(client, campaign, f"ES_TOTAL;;{bfc};2026S2;120;\nES_TOTAL;;{ara};2026S2;95;\n")
    job = Job.objects.get()
    assert response["Location"] == reverse("taches:detail", args=[job.pk])
    assert job.status == Status.DONE, job.error
    assert job.result_url == reverse("indicateurs:campaign", args=[campaign.pk])
    assert job.result_label == "Retour à la campagne"
    assert DataValue.objects.count() == 2


def test_the_summary_names_only_the_reports_written_to(client, world, campaign):
    """A template has lines for every report the user enters; only the filled ones are
    written, and only their reports are named (then none, when the same values come back)."""
    bfc, ara = world.bfc.region, world.ara.region
    client.force_login(world.national_admin)
    content = f"ES_TOTAL;;{bfc.code};2026S2;120;\nES_TOTAL;;{ara.code};2026S2;;\n"

    def summary(response):
        return [str(m) for m in get_messages(response.wsgi_request)][-1]

    first = summary(post(client, campaign, content))
    assert "Rapport concerné : " in first and bfc.name in first and ara.name not in first
    content = f"ES_TOTAL;;{bfc.code};2026S2;121;\nES_TOTAL;;{ara.code};2026S2;95;\n"
    second = summary(post(client, campaign, content))
    assert "1 valeur créée, 1 modifiée" in second and bfc.name in second and ara.name in second
    content = f"ES_TOTAL;;{bfc.code};2026S2;121;\nES_TOTAL;;{ara.code};2026S2;96;\n"
    third = summary(post(client, campaign, content))
    assert "0 valeur créée, 1 modifiée, 1 inchangée" in third
    assert ara.name in third and bfc.name not in third


def test_a_file_with_nothing_filled_says_so(client, world, campaign):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    response = post(client, campaign, f"ES_TOTAL;;{world.bfc.region.code};2026S2;;\n")
    stored = list(get_messages(response.wsgi_request))
    assert response.status_code == 302 and stored[-1].level_tag == "warning"
    assert str(stored[-1]).startswith("Aucune valeur ni aucun commentaire renseigné")
    assert not DataValue.objects.exists()


def test_the_template_is_named_after_its_dataset_and_period(client, world, campaign):
    """Two campaigns of one period (two datasets) give two file names."""
    client.force_login(world.national_admin)
    response = client.get(reverse("indicateurs:template", args=[campaign.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="modele-socle_semestriel-2026S2.xlsx"'
    )
