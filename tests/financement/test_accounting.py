"""The accounting extract: commitments and payments reconciled line by line, all or nothing,
idempotent, a dry run that writes nothing, each problem named by line and column; the command
and the page."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from pilote.comptes.models import Role
from pilote.financement import services
from pilote.financement.accounting import import_accounting
from pilote.financement.models import Commitment, Payment
from tests.financement.conftest import TODAY

HEADER = "type;programmation;engagement;reference;date;montant;piece\n"


@pytest.fixture
def allocation(world, envelope, officer):
    return services.allocate(
        acting_user=officer,
        envelope=envelope,
        beneficiary=world.bfc.grades,
        label="Fonctionnement",
        amount=Decimal("50000"),
        programmed_on=TODAY,
    )


def extract(allocation, *lines):
    body = "".join(line.format(a=allocation.pk) + "\n" for line in lines)
    return (HEADER + body).encode("cp1252")


GOOD = (
    "engagement;{a};EJ-2100001;;15/03/2026;50 000,00;",
    "paiement;;EJ-2100001;DP-1;10/04/2026;20000;Mandat n° 12",
    "paiement;;EJ-2100001;DP-2;2026-05-10;10 000,50;",
)


def test_an_extract_is_imported_once_and_again_changes_nothing(world, allocation, officer):
    data = extract(allocation, *GOOD)
    outcome = import_accounting(data, acting_user=officer)
    assert outcome.ok, outcome.problems
    assert (outcome.commitments, outcome.payments) == (1, 2)
    commitment = Commitment.objects.get()
    assert services.paid(commitment) == Decimal("30000.50")
    assert Payment.objects.get(reference="DP-1").document == "Mandat n° 12"
    again = import_accounting(data, acting_user=officer)
    assert (again.commitments, again.payments, again.unchanged) == (0, 0, 3)
    assert Payment.objects.count() == 2


def test_one_bad_line_changes_nothing_and_is_named(world, allocation, officer):
    data = extract(
        allocation,
        *GOOD,
        "paiement;;EJ-2100001;DP-3;31/02/2026;12;",
        "paiement;;EJ-9999;DP-4;01/06/2026;douze;",
    )
    outcome = import_accounting(data, acting_user=officer)
    assert [str(p) for p in outcome.problems] == [
        "ligne 5, colonne « date » : « 31/02/2026 » : date JJ/MM/AAAA attendue",
        "ligne 6, colonne « montant » : « douze » : montant positif attendu, au centime près",
    ]
    assert not Commitment.objects.exists() and not Payment.objects.exists()


def test_a_payment_beyond_the_commitment_is_refused_with_its_line(world, allocation, officer):
    data = extract(allocation, *GOOD, "paiement;;EJ-2100001;DP-3;01/06/2026;20000;")
    outcome = import_accounting(data, acting_user=officer)
    [problem] = outcome.problems
    assert problem.line == 5 and problem.column == "montant"
    assert "reste à payer sur l'engagement" in problem.message
    assert not Payment.objects.exists()


def test_a_dry_run_checks_everything_and_writes_nothing(world, allocation, officer):
    outcome = import_accounting(extract(allocation, *GOOD), acting_user=officer, dry_run=True)
    assert outcome.ok and outcome.payments == 2 and "rien n'a été enregistré" in str(outcome)
    assert not Commitment.objects.exists()


def test_another_regions_officer_cannot_reach_the_programming(world, allocation):
    outcome = import_accounting(
        extract(allocation, *GOOD), acting_user=world.ara.users[Role.ARS_OFFICER]
    )
    assert outcome.problems[0].column == "programmation"
    assert "inconnue" in outcome.problems[0].message
    assert not Commitment.objects.exists()


def test_an_xlsx_extract_and_the_command(world, allocation, officer, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Type", "Programmation", "Engagement", "Référence", "Date", "Montant"])
    sheet.append(["engagement", allocation.pk, "EJ-1", None, "15/03/2026", 1234.56])
    path = tmp_path / "extrait.xlsx"
    workbook.save(path)
    out = io.StringIO()
    call_command(
        "import_accounting", str(path), user=officer.email, stdout=out, stderr=io.StringIO()
    )
    assert "1 engagement(s)" in out.getvalue()
    assert Commitment.objects.get().amount == Decimal("1234.56")
    bad = tmp_path / "vide.csv"
    bad.write_bytes(b"")
    with pytest.raises(CommandError, match="Fichier refusé"):
        call_command("import_accounting", str(bad), user=officer.email, stderr=io.StringIO())


def test_the_page_runs_a_dry_run_then_the_import(client, world, allocation, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    url = reverse("financement:accounting_import")
    data = extract(allocation, *GOOD)
    page = client.post(url, {"file": SimpleUploadedFile("e.csv", data), "dry_run": "on"})
    assert "Essai à blanc" in page.content.decode() and not Payment.objects.exists()
    page = client.post(url, {"file": SimpleUploadedFile("e.csv", data)})
    assert "2 paiement(s) créés" in page.content.decode() and Payment.objects.count() == 2
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    assert client.get(url).status_code == 404
