"""The yearly portfolio review: one click attaches it to a meeting as an agenda item; its PDF
(with the dashboard's charts) gives the totals the portfolio and funding pages show; its files
are kept and the same data snapshot gives back the same files."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.core.formats import euros
from pilote.financement import services as funding
from pilote.financement.reference import load_funding_reference
from pilote.gouvernance.models import AgendaItem, Body, Decision, PortfolioReview
from pilote.gouvernance.services import record_decision
from pilote.gouvernance.services_review import present_review
from pilote.portefeuille.models import Health, Phase, Project
from pilote.taches.models import Job, Status
from tests.factories import ProjectFactory
from tests.financement.conftest import notify
from tests.gouvernance.conftest import convene, make_body
from tests.gouvernance.pdf import pdf_text, words_past_the_margin


@pytest.fixture
def region_data(world, officer, meeting, indicators):
    """Three ARA projects, a decision of 2026, an envelope with a programming, a commitment and
    a payment."""
    ara = world.ara
    ProjectFactory(region=ara.region, moa=ara.hospital, code="ARA-A", phase=Phase.REALISATION)
    ProjectFactory(
        region=ara.region,
        moa=ara.hospital,
        code="ARA-B",
        phase=Phase.REALISATION,
        health=Health.AT_RISK,
        health_reason="Retard du prestataire",
    )
    ProjectFactory(region=ara.region, moa=ara.grades, code="ARA-C", phase=Phase.CADRAGE)
    ProjectFactory(region=world.bfc.region, moa=world.bfc.hospital, code="BFC-X")
    record_decision(
        acting_user=officer,
        decision=Decision(meeting=meeting, text="Le COSSIS priorise la télésurveillance."),
    )
    load_funding_reference(acting_user=SYSTEM)
    envelope = notify(officer, ara.region, "250000.00")
    allocation = funding.allocate(
        acting_user=officer,
        envelope=envelope,
        beneficiary=ara.grades,
        label="Télésurveillance",
        amount=Decimal("120000.50"),
        programmed_on=datetime.date(2026, 2, 1),
    )
    commitment = funding.commit(
        acting_user=officer,
        allocation=allocation,
        reference="CONV-1",
        decided_on=datetime.date(2026, 2, 2),
        amount=Decimal("100000.00"),
    )
    funding.pay(
        acting_user=officer,
        commitment=commitment,
        paid_on=datetime.date(2026, 3, 1),
        amount=Decimal("40000.25"),
        reference="MDT-1",
    )
    return envelope


def read(field) -> bytes:
    with field.open("rb") as f:
        return f.read()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_review_gives_the_totals_of_the_portfolio_and_funding_pages(
    client, world, officer, meeting, region_data
):
    review = present_review(acting_user=officer, meeting=meeting, year=2026)
    assert review.item.meeting == meeting
    assert review.item.title == "Revue annuelle du portefeuille 2026"
    text = " ".join(pdf_text(read(review.pdf)).split())
    client.force_login(officer)
    portfolio = text_of(client.get(reverse("portefeuille:overview")).content.decode())
    assert "3 projets" in portfolio and "3 projets" in text
    page = text_of(client.get(reverse("financement:overview"), {"annee": 2026}).content.decode())
    for total in ("250000.00", "120000.50", "100000.00", "40000.25", "129999.50"):
        shown = " ".join(euros(Decimal(total)).split())
        assert shown in page, total
        assert shown in text, total
    assert "Le COSSIS priorise la télésurveillance." in text
    assert "12/03/2026" in text and "2026-03-12" not in text  # the meeting's day, in French
    assert "BFC-X" not in text
    # the dashboard's charts, one per indicator, titled like the SVG downloads
    assert text.count("— Auvergne-Rhône-Alpes") >= 3
    workbook = load_workbook(io.BytesIO(read(review.xlsx)))
    decision = list(workbook["Décisions 2026"].iter_rows(min_row=2, values_only=True))[0]
    assert decision[0] == datetime.datetime(2026, 3, 12)  # a date cell, not text
    sheet = workbook["Financements 2026"]
    total_row = [c.value for c in list(sheet.iter_rows())[-1]]
    assert total_row[0] == "Total"
    assert [Decimal(str(v)) for v in total_row[3:]] == [
        Decimal("250000.00"),
        Decimal("120000.50"),
        Decimal("100000.00"),
        Decimal("40000.25"),
        Decimal("129999.50"),
    ]
    assert [r[0].value for r in workbook["Projets"].iter_rows(min_row=2)] == [
        "ARA-A",
        "ARA-B",
        "ARA-C",
    ]


def test_the_same_snapshot_gives_back_the_same_file_new_data_a_new_one(
    officer, meeting, region_data
):
    first = present_review(acting_user=officer, meeting=meeting, year=2026)
    content = read(first.pdf)
    again = present_review(acting_user=officer, meeting=meeting, year=2026)
    assert again.pk == first.pk and again.snapshot_hash == first.snapshot_hash
    assert read(again.pdf) == content
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
    Project.objects.filter(code="ARA-C").update(phase=Phase.REALISATION)
    changed = present_review(acting_user=officer, meeting=meeting, year=2026)
    assert changed.pk == first.pk and changed.snapshot_hash != first.snapshot_hash
    assert changed.pdf.name != first.pdf.name
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
    assert [h.history_change_reason for h in changed.history.order_by("history_date")] == [
        "Revue annuelle produite",
        "Revue mise à jour",
    ]


def test_the_review_is_refused_to_others_and_on_bad_input(world, officer, meeting, region_data):
    with pytest.raises(PermissionDenied):
        present_review(acting_user=world.bfc.users[Role.ARS_OFFICER], meeting=meeting, year=2026)
    with pytest.raises(PermissionDenied):
        present_review(acting_user=world.ara.users[Role.ARS_READER], meeting=meeting, year=2026)
    with pytest.raises(ValidationError, match="Année 2999"):
        present_review(acting_user=officer, meeting=meeting, year=2999)
    national = make_body(world.national_admin, None, name="Comité national")
    from tests.gouvernance.conftest import convene

    national_meeting = convene(world.national_admin, national)
    with pytest.raises(ValidationError, match="instance nationale"):
        present_review(acting_user=world.national_admin, meeting=national_meeting, year=2026)
    assert not PortfolioReview.objects.exists()


def test_the_kept_files_are_read_by_funding_readers_and_body_members_not_project_owners(
    client, world, officer, meeting, region_data
):
    review = present_review(acting_user=officer, meeting=meeting, year=2026)
    for kind in ("pdf", "xlsx"):
        url = reverse(f"gouvernance:review_{kind}", args=[review.pk])
        client.force_login(world.ara.users[Role.BODY_MEMBER])
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == read(getattr(review, kind))
        client.force_login(world.bfc.users[Role.ARS_OFFICER])
        assert client.get(url).status_code == 404
        # its funding figures, project by project, are not the establishments' to read
        client.force_login(world.ara.users[Role.PROJECT_OWNER])
        assert client.get(url).status_code == 404
    page_url = reverse("gouvernance:meeting", args=[meeting.pk])
    page = client.get(page_url)
    assert page.status_code == 200 and "Revue 2026" not in page.content.decode()
    client.force_login(officer)
    page = client.get(page_url).content.decode()
    assert "Revue 2026 (PDF)" in page


def test_a_public_body_does_not_make_its_review_public(
    client, world, officer, cossis, meeting, region_data
):
    """A public body's meetings are read by everyone logged in; the review's funding figures
    stay with the region's roles and the national ones."""
    review = present_review(acting_user=officer, meeting=meeting, year=2026)
    Body.objects.filter(pk=cossis.pk).update(is_public=True)
    page_url = reverse("gouvernance:meeting", args=[meeting.pk])
    other = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(other)
    page = client.get(page_url)
    assert page.status_code == 200 and "Revue 2026 (PDF)" not in page.content.decode()
    for kind in ("pdf", "xlsx"):
        url = reverse(f"gouvernance:review_{kind}", args=[review.pk])
        assert client.get(url).status_code == 404
    for reader in (world.ara.users[Role.BODY_MEMBER], world.national_reader):
        client.force_login(reader)
        assert "Revue 2026 (PDF)" in client.get(page_url).content.decode()
        response = client.get(reverse("gouvernance:review_pdf", args=[review.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == read(review.pdf)


def test_the_page_starts_a_job_that_attaches_the_review(
    client, officer, meeting, region_data, immediate_tasks
):
    client.force_login(officer)
    url = reverse("gouvernance:review_add", args=[meeting.pk])
    response = client.post(url, {"year": 2026})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/taches/{job.pk}/"
    assert job.status == Status.DONE and job.kind == "revue_portefeuille"
    assert job.result_url == f"/gouvernance/reunions/{meeting.pk}/"
    assert PortfolioReview.objects.get().item.meeting == meeting
    # a refusal is shown on the form, no job
    response = client.post(url, {"year": 2090})
    assert "Année 2090 : choisissez une année écoulée" in response.content.decode()
    assert Job.objects.count() == 1
    # again, nothing changed: the job says the review was already up to date
    client.post(url, {"year": 2026})
    again = Job.objects.latest("pk")
    assert again.status == Status.DONE and PortfolioReview.objects.count() == 1
    assert again.summary.startswith(
        "La revue annuelle 2026 de « COSSIS de printemps » était déjà à jour : les données "
        "n'ont pas changé depuis le "
    )


def test_the_files_are_built_before_the_transaction_that_stores_them(
    world, officer, meeting, region_data, monkeypatch
):
    """On SQLite a transaction holds the only write lock from its start: the seconds of charts
    and PDF are spent outside it (a user's save waited behind the render, then failed)."""
    from django.db import connection

    from pilote.gouvernance import review

    outside = len(connection.atomic_blocks)  # the test's own transaction
    depths = []
    render = review.review_pdf

    def watched(*args, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return render(*args, **kwargs)

    monkeypatch.setattr(review, "review_pdf", watched)
    stored = present_review(acting_user=officer, meeting=meeting, year=2026)
    assert depths == [outside]
    assert stored.pdf.name.endswith(".pdf") and PortfolioReview.objects.count() == 1


def test_the_form_proposes_the_year_before_the_meeting_never_one_to_come(client, officer, cossis):
    client.force_login(officer)
    spring = convene(officer, cossis, when=(2026, 3, 12, 14, 0))
    this_year = datetime.date.today().year
    january = convene(
        officer, cossis, when=(this_year + 1, 1, 20, 14, 0), title="COSSIS de janvier"
    )
    later = convene(officer, cossis, when=(this_year + 2, 6, 2, 14, 0), title="COSSIS lointain")
    for meeting, year in ((spring, 2025), (january, this_year), (later, this_year)):
        page = client.get(reverse("gouvernance:review_add", args=[meeting.pk])).content.decode()
        assert re.search(rf'name="year"[^>]*value="{year}"', page), (meeting, year)


def test_an_agenda_item_already_titled_for_the_review_carries_it(officer, meeting, region_data):
    from pilote.gouvernance.services_meetings import add_item

    planned = add_item(
        acting_user=officer, meeting=meeting, title="Revue annuelle du portefeuille 2026"
    )
    items = meeting.items.count()
    review = present_review(acting_user=officer, meeting=meeting, year=2026)
    assert review.item == planned and meeting.items.count() == items
    # another year's review gets its own item
    other = present_review(acting_user=officer, meeting=meeting, year=2025)
    assert other.item != planned and meeting.items.count() == items + 1


def test_one_review_per_meeting_and_year_in_the_database(officer, meeting, region_data):
    from django.db import IntegrityError, transaction

    review = present_review(acting_user=officer, meeting=meeting, year=2026)
    item = AgendaItem.objects.create(meeting=meeting, title="Doublon", position=9)
    with pytest.raises(IntegrityError), transaction.atomic():
        PortfolioReview.objects.create(
            meeting=meeting, item=item, year=2026, snapshot_hash="x", pdf="a.pdf", xlsx="a.xlsx"
        )
    assert PortfolioReview.objects.get() == review


def test_the_funding_table_fits_its_page(officer, meeting, region_data):
    """Millions on every line of a long-named line and funder: the eight columns stay within
    the page's margins (the « Reste à programmer » column was cut off the page)."""
    notify(
        officer,
        region_data.region,
        "12345678.90",
        line="telemedecine-etablissements",
        funder="assurance-maladie",
    )
    review = present_review(acting_user=officer, meeting=meeting, year=2026)
    content = read(review.pdf)
    # nothing programmed yet: the amount shows as the envelope and as what is left to program
    shown = " ".join(euros(Decimal("12345678.90")).split())
    assert " ".join(pdf_text(content).split()).count(shown) == 2
    assert words_past_the_margin(content, margin_pt=51) == []  # 1.8 cm


def test_an_agenda_item_titled_without_the_year_carries_it_too(officer, meeting, region_data):
    from pilote.gouvernance.services_meetings import add_item

    planned = add_item(acting_user=officer, meeting=meeting, title="Revue annuelle du portefeuille")
    items = meeting.items.count()
    review = present_review(acting_user=officer, meeting=meeting, year=2026)
    assert review.item == planned and meeting.items.count() == items
