"""CSV and XLSX exports of the audit search: the filtered entries, every page, read back."""

import csv
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pilote.audit.search import EXPORT_HEADERS, AuditFilters, AuditSearch, export_rows
from tests.audit.scenario import interleaved_changes


def shown_rows(client, params) -> list[list[str]]:
    """The page's entries (every page) as the export should write them."""
    rows, number = [], 1
    while True:
        response = client.get(reverse("audit:search"), {**params, "page": number})
        page = response.context["page_obj"]
        for e in page:
            changes = "\n".join(f"{c.label} : {c.before} → {c.after}" for c in e.changes)
            rows.append(
                [
                    timezone.localtime(e.date).strftime("%Y-%m-%d %H:%M:%S"),
                    e.user_name,
                    e.user_email,
                    e.object_type,
                    e.object_label,
                    e.kind,
                    e.reason,
                    changes,
                ]
            )
        if not page.has_next():
            return rows
        number += 1


def test_the_csv_export_holds_every_filtered_entry_of_every_page(
    client, world, changes, bfc_project
):
    interleaved_changes(world, bfc_project, 30, reason="Revue de projet")
    client.force_login(world.national_admin)
    params = {"region": world.bfc.region.code, "user": changes.bfc_officer.email}
    expected = shown_rows(client, params)
    assert len(expected) > 50  # more than one page
    response = client.get(reverse("audit:export_csv"), params)
    assert response["Content-Disposition"].startswith('attachment; filename="journal-des-')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffDate;Auteur;")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [str(h) for h in EXPORT_HEADERS]
    assert rows[1:] == expected
    assert "CH Lyon Sud" not in text
    rename = next(r for r in rows if r[4] == "CH Dijon Bourgogne" and "Raison sociale" in r[7])
    assert rename[7] == f"Raison sociale : {changes.old_name} → CH Dijon Bourgogne"


def test_the_xlsx_export_holds_the_same_rows_as_the_page(
    client, world, changes, django_assert_max_num_queries
):
    client.force_login(world.national_admin)
    params = {"object_type": "acteurs.organisation"}
    expected = shown_rows(client, params)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("audit:export_xlsx"), params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [str(h) for h in EXPORT_HEADERS]
    read_back = [
        [r[0].strftime("%Y-%m-%d %H:%M:%S"), *("" if v is None else str(v) for v in r[1:])]
        for r in rows[1:]
    ]
    assert read_back == expected
    assert {r[4] for r in read_back} >= {"CH Dijon Bourgogne", "CH Lyon Sud"}


def test_an_export_past_the_cap_ends_with_a_french_notice(world, changes):
    search = AuditSearch(AuditFilters(object_type="acteurs.organisation"))
    total = search.count()
    rows = list(export_rows(search, cap=3))
    assert len(rows) == 4
    assert rows[3][0].startswith("Export limité aux 3 modifications les plus récentes")
    assert len(list(export_rows(search, cap=total))) == total  # nothing left out: no notice
