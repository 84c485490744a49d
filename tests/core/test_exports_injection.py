"""Formula injection: names typed by users come out of every export as text, never as a
formula a spreadsheet would evaluate; numbers stay numbers."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from pilote.comptes.models import Role
from pilote.core.exports import csv_response, xlsx_bytes
from tests.factories import OrganisationFactory

HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "=cmd|' /C calc'!A0"


def xlsx_cells(content: bytes) -> list[list]:
    """The cells of the first sheet, read back with openpyxl (not in read-only mode)."""
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_organisation_exports_write_formula_like_names_as_text(client, world):
    for name, short_name in ((HYPERLINK, "+33 1 23"), (DDE, "@SOMME(A1)")):
        OrganisationFactory(name=name, short_name=short_name, departement=world.bfc.departement)
    client.force_login(world.bfc.users[Role.ARS_READER])
    cells = xlsx_cells(client.get(reverse("acteurs:export_xlsx")).content)
    by_name = {row[0].value: row for row in cells[1:]}
    for name, short_name in ((HYPERLINK, "+33 1 23"), (DDE, "@SOMME(A1)")):
        name_cell, short_cell = by_name[name][:2]
        assert (name_cell.data_type, short_cell.data_type) == ("s", "s")
        assert short_cell.value == short_name
    rows = {row[0]: row for row in csv_rows(client.get(reverse("acteurs:export_csv")))}
    assert rows["'" + HYPERLINK][1] == "'+33 1 23"
    assert rows["'" + DDE][1] == "'@SOMME(A1)"
    assert rows[world.bfc.hospital.name][0] == world.bfc.hospital.name  # others untouched


def test_portfolio_exports_write_a_formula_like_title_as_text(client, world, bfc_project):
    bfc_project.title = HYPERLINK
    bfc_project.porteur = "-2+3"
    bfc_project.save()
    client.force_login(world.bfc.users[Role.ARS_READER])
    header, row = xlsx_cells(client.get(reverse("portefeuille:export_xlsx")).content)
    cells = {h.value: c for h, c in zip(header, row, strict=True)}
    assert (cells["Intitulé"].value, cells["Intitulé"].data_type) == (HYPERLINK, "s")
    assert (cells["Porteur"].value, cells["Porteur"].data_type) == ("-2+3", "s")
    header, line = csv_rows(client.get(reverse("portefeuille:export_csv")))
    fields = dict(zip(header, line, strict=True))
    assert (fields["Intitulé"], fields["Porteur"]) == ("'" + HYPERLINK, "'-2+3")


def test_numbers_stay_numbers_and_control_characters_do_not_break_the_workbook():
    rows = [[-5, 2.5, "-5", "\tTAB", "+33 1", "cloche\x07"]]
    headers = ["n", "x", "texte", "tab", "plus", "bel"]
    [_header, cells] = xlsx_cells(xlsx_bytes("Feuille", headers, rows))
    assert [(c.value, c.data_type) for c in cells] == [
        (-5, "n"),
        (2.5, "n"),
        ("-5", "s"),
        ("\tTAB", "s"),
        ("+33 1", "s"),
        ("cloche", "s"),  # a control character XLSX cannot hold is dropped
    ]
    [_header, line] = csv_rows(csv_response("f", headers, rows))
    assert line == ["-5", "2.5", "'-5", "'\tTAB", "'+33 1", "cloche\x07"]
