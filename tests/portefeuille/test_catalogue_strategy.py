from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.portefeuille.models import DigitalService, Programme, Strategy


def test_the_grades_declares_a_service_in_the_catalogue(client, world, framework):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    client.force_login(manager)
    response = client.post(
        reverse("portefeuille:catalogue_add"),
        {
            "name": "Agenda patient",
            "operator": world.bfc.grades.pk,
            "for_patients": "on",
            "access_point": "https://agenda.esante-bfc.fr",
            "territories": [world.bfc.region.pk],
            "status": "production",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    entry = DigitalService.objects.get(name="Agenda patient")
    assert entry.region == world.bfc.region and entry.history.latest().history_user == manager
    client.logout()
    public = client.get(reverse("catalogue:region", args=[world.bfc.region.code])).content.decode()
    assert "Agenda patient" in public and "https://agenda.esante-bfc.fr" in public


def test_a_reader_cannot_declare_a_service(client, world, framework):
    client.force_login(world.bfc.users[Role.ARS_READER])
    assert client.get(reverse("portefeuille:catalogue_add")).status_code == 404


def test_the_ars_writes_its_strategy_programmes_and_documents(client, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    officer = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(officer)
    client.post(
        reverse("portefeuille:strategy_add"),
        {
            "title": "Stratégie e-santé BFC",
            "start_year": 2018,
            "end_year": 2022,
            "status": "adoptee",
        },
    )
    strategy = Strategy.objects.get()
    assert strategy.region == world.bfc.region
    client.post(
        reverse("portefeuille:programme_add", args=[strategy.pk]),
        {"code": "P1", "title": "Socle commun", "kind": "socle"},
    )
    assert Programme.objects.get().strategy == strategy
    upload = SimpleUploadedFile(
        "strategie.pdf", b"%PDF-1.4 strategie", content_type="application/pdf"
    )
    client.post(
        reverse("portefeuille:strategy_document", args=[strategy.pk]),
        {"kind": "strategie", "title": "Document de stratégie", "file": upload},
    )
    document = strategy.documents.get()
    page = client.get(reverse("portefeuille:strategies")).content.decode()
    assert "Document de stratégie" in page
    download = client.get(
        reverse("portefeuille:strategy_document_file", args=[strategy.pk, document.pk])
    )
    assert b"".join(download.streaming_content) == b"%PDF-1.4 strategie"
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    other = client.get(
        reverse("portefeuille:strategy_document_file", args=[strategy.pk, document.pk])
    )
    assert other.status_code == 404


def test_the_grades_cannot_write_the_strategy(client, world):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    assert client.get(reverse("portefeuille:strategy_add")).status_code == 404


def test_a_project_shared_with_another_region_through_the_form(client, world, bfc_project):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = client.post(
        reverse("portefeuille:project_edit", args=[bfc_project.pk]),
        {
            "title": bfc_project.title,
            "moa": bfc_project.moa_id,
            "impulsion": "ars",
            "health": "ok",
            "target_professionals": "on",
            "other_regions": [world.ara.region.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(bfc_project.other_regions.all()) == [world.ara.region]
    client.force_login(world.ara.users[Role.ARS_READER])
    assert client.get(reverse("portefeuille:project", args=[bfc_project.pk])).status_code == 200
