"""Hostile data-value files: each is refused with a French message saying what and where, or
read correctly and quickly; a refused file leaves the database exactly as it was."""

import json
import re
import time
import zipfile
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from pilote.comptes.models import Role
from pilote.core import xlsx
from pilote.indicateurs.imports import ImportRejected, import_values
from pilote.indicateurs.models import DataValue, ImportJob

HEADER = ["dataElement", "option", "orgUnit", "period", "value", "comment"]
SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows: dict[int, list]) -> bytes:
    """A real workbook written by openpyxl: {row number: values from column A}."""
    book = Workbook()
    sheet = book.active
    for row, values in rows.items():
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The workbook with its sheet's XML passed through `change` (other parts kept)."""
    source = zipfile.ZipFile(BytesIO(data))
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET:
                content = change(content.decode()).encode()
            target.writestr(info.filename, content)
    return output.getvalue()


def declaring(dimension: str):
    return lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', xml)


def state():
    return (
        sorted(DataValue.objects.values_list("data_element__code", "option", "period", "value")),
        ImportJob.objects.count(),
    )


@pytest.fixture
def manager(world, campaign):
    """The BFC GRADeS manager, after a first import: a refused file must not touch it."""
    user = world.bfc.users[Role.GRADES_MANAGER]
    first = f"{';'.join(HEADER)}\nES_TOTAL;;{world.bfc.region.code};2026S2;100;\n"
    import_values(acting_user=user, campaign=campaign, data=first.encode(), file_format="csv")
    return user


def refusal(user, campaign, data: bytes, file_format: str) -> list[tuple[int, str, str]]:
    """(line, column, message) of each problem; asserts nothing was written."""
    before = state()
    with pytest.raises(ImportRejected) as rejected:
        import_values(acting_user=user, campaign=campaign, data=data, file_format=file_format)
    assert state() == before
    return [(p.line, p.column, p.message) for p in rejected.value.problems]


def test_it_reads_an_xlsx_declaring_a_huge_dimension_by_the_cells_present(world, manager, campaign):
    code = world.bfc.region.code
    data = rewrite_sheet(
        workbook({1: HEADER, 20000: ["DMP_CREES", None, code, "2026S2", 42]}),
        declaring("A1:XFD20000"),
    )
    assert len(data) < 10_000 and b'ref="A1:XFD20000"' in zipfile.ZipFile(BytesIO(data)).read(SHEET)
    start = time.process_time()
    result = import_values(acting_user=manager, campaign=campaign, data=data, file_format="xlsx")
    assert time.process_time() - start < 5  # a guard: openpyxl's padding took about a minute
    assert (result.rows, result.created) == (1, 1)
    assert DataValue.objects.get(data_element__code="DMP_CREES").value == 42


def test_it_names_the_real_row_of_a_bad_value_far_down_a_hostile_sheet(world, manager, campaign):
    code = world.bfc.region.code
    data = rewrite_sheet(
        workbook({1: HEADER, 20000: ["DMP_CREES", None, code, "2026S2", "beaucoup"]}),
        declaring("A1:XFD1048576"),
    )
    start = time.process_time()
    problems = refusal(manager, campaign, data, "xlsx")
    assert time.process_time() - start < 5
    assert problems == [(20000, "value", "« beaucoup » n'est pas un nombre")]


def test_it_refuses_a_value_beyond_the_last_column_allowed(world, manager, campaign):
    row = [""] * (xlsx.MAX_COLUMNS + 1) + ["caché"]
    [(line, column, message)] = refusal(manager, campaign, workbook({1: HEADER, 7: row}), "xlsx")
    assert (line, column) == (7, "AZ")
    assert message == "valeur au-delà de la colonne AX : un classeur a 50 colonnes au plus"


def test_it_refuses_a_row_beyond_the_last_row_of_a_sheet(world, manager, campaign):
    code = world.bfc.region.code
    data = rewrite_sheet(
        workbook({1: HEADER, 2: ["DMP_CREES", None, code, "2026S2", 5]}),
        lambda xml: re.sub(r'r="([A-Z]*)2"', r'r="\g<1>2000000"', xml),
    )
    start = time.process_time()
    [(line, column, message)] = refusal(manager, campaign, data, "xlsx")
    assert time.process_time() - start < 5
    assert (line, column, message) == (2000000, "", "le classeur dépasse 1048576 lignes")


def test_it_refuses_a_workbook_that_would_inflate_past_the_limit(
    world, manager, campaign, monkeypatch
):
    """A zip bomb in miniature: 64 MB of zeros in a few kilobytes, against a 32 MB limit."""
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED_BYTES", 32 * xlsx.MEGABYTE)
    output = BytesIO(workbook({1: HEADER}))
    with zipfile.ZipFile(output, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(64 * xlsx.MEGABYTE))
    data = output.getvalue()
    assert len(data) < 200_000
    [(line, _column, message)] = refusal(manager, campaign, data, "xlsx")
    assert line == 1
    assert message.startswith("le classeur décompressé occuperait 64 Mo, au-delà de la limite")


def test_it_refuses_a_file_larger_than_a_workbook_may_be(world, manager, campaign, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_FILE_BYTES", 1000)
    data = workbook({1: HEADER})
    assert len(data) > 1000
    assert refusal(manager, campaign, data, "xlsx") == [
        (1, "", "le fichier dépasse la taille maximale d'un classeur (0 Mo)")
    ]


def test_it_refuses_malformed_sheet_xml_with_the_last_row_read(world, manager, campaign):
    code = world.bfc.region.code
    rows = {1: HEADER, 2: ["DMP_CREES", None, code, "2026S2", 5], 3: ["ES_TOTAL"]}
    data = rewrite_sheet(workbook(rows), lambda xml: xml[: xml.index('<row r="3"') + 12])
    assert refusal(manager, campaign, data, "xlsx") == [
        (2, "", "classeur XLSX illisible : contenu invalide après la ligne 2")
    ]
    assert refusal(manager, campaign, b"PK\x03\x04 not a zip", "xlsx") == [
        (1, "", "ce fichier n'est pas un classeur XLSX (archive illisible)")
    ]


def test_it_refuses_infinite_undefined_and_overflowing_xlsx_numbers(world, manager, campaign):
    code = world.bfc.region.code
    limit = "1\u202f000\u202f000\u202f000\u202f000"
    rows = {
        1: HEADER,
        2: ["DMP_CREES", None, code, "2026S2", 111111],  # a number cell holding 1E400
        3: ["MSS_MESSAGES", None, code, "2026S2", "NaN"],  # a text cell
        4: ["ES_TOTAL", None, code, "2026S2", "1E400"],
        5: ["ROR_DECRITS", None, code, "2026S2", 555555],  # twenty nines
    }
    data = rewrite_sheet(
        workbook(rows),
        lambda xml: xml.replace("<v>111111</v>", "<v>1E400</v>").replace(
            "<v>555555</v>", f"<v>{'9' * 20}</v>"
        ),
    )
    assert refusal(manager, campaign, data, "xlsx") == [
        (2, "value", f"« inf » dépasse la valeur maximale admise ({limit})"),
        (3, "value", "« NaN » n'est pas un nombre"),
        (4, "value", f"« 1E400 » dépasse la valeur maximale admise ({limit})"),
        (5, "value", f"« 99999999999999999999 » dépasse la valeur maximale admise ({limit})"),
    ]
    # NaN in a number cell is not even a number to openpyxl: the workbook is refused there
    nan_cell = rewrite_sheet(
        workbook({1: HEADER, 2: rows[2], 3: ["MSS_MESSAGES", None, code, "2026S2", 222222]}),
        lambda xml: xml.replace("<v>222222</v>", "<v>NaN</v>"),
    )
    assert refusal(manager, campaign, nan_cell, "xlsx") == [
        (3, "", "classeur XLSX illisible : contenu invalide à la ligne 3")
    ]


def csv_file(*lines: str) -> str:
    return "\n".join([";".join(HEADER), *lines]) + "\n"


def test_it_refuses_a_csv_byte_neither_utf8_nor_windows_1252_with_its_line(
    world, manager, campaign
):
    code = world.bfc.region.code
    data = csv_file(f"DMP_CREES;;{code};2026S2;5;", f"ES_TOTAL;;{code};2026S2;6;X").encode()
    data = data.replace(b";X", b";\x81")
    position = data.index(b"\x81") + 1
    assert refusal(manager, campaign, data, "csv") == [
        (
            3,
            "",
            f"octet 0x81 illisible (octet n° {position}) : le fichier n'est ni en UTF-8 ni en "
            "Windows-1252 ; enregistrez-le en CSV UTF-8",
        )
    ]


def test_it_reads_a_utf16_csv_with_its_byte_order_mark_and_refuses_one_without(
    world, manager, campaign
):
    code = world.bfc.region.code
    text = csv_file(f"DMP_CREES;;{code};2026S2;5;déclaré", f"MSS_MESSAGES;;{code};2026S2;6;")
    no_bom = text.encode("utf-16-le")
    problems = refusal(manager, campaign, no_bom, "csv")
    assert [(line, column) for line, column, _m in problems] == [(1, "")]
    assert problems[0][2].startswith("caractère nul : enregistrez le fichier en CSV UTF-8")
    result = import_values(
        acting_user=manager, campaign=campaign, data=text.encode("utf-16"), file_format="csv"
    )
    assert result.created == 2
    assert DataValue.objects.get(data_element__code="DMP_CREES").comment == "déclaré"


def test_it_refuses_a_csv_field_too_long_for_the_csv_reader(world, manager, campaign):
    code = world.bfc.region.code
    data = csv_file(f"DMP_CREES;;{code};2026S2;5;", f'ES_TOTAL;;{code};2026S2;6;"{"x" * 200_000}"')
    assert refusal(manager, campaign, data.encode(), "csv") == [
        (3, "", "ligne CSV illisible (champ trop long ou mal délimité)")
    ]


def nested(depth: int) -> bytes:
    return ('{"dataValues": ' + "[" * depth + "]" * depth + "}").encode()


def test_it_refuses_hostile_json_saying_what_and_where(world, manager, campaign):
    assert refusal(manager, campaign, nested(100_000), "json") == [
        (1, "", "JSON trop profondément imbriqué : plus de 100 niveaux à la ligne 1, colonne 115")
    ]
    code = world.bfc.region.code
    item = {"dataElement": "DMP_CREES", "orgUnit": code, "period": "2026S2"}
    second_line = json.dumps({**item, "value": 1})[:-1] + ', "x": NaN}]}'
    column = second_line.index("NaN") + 1
    assert refusal(manager, campaign, ('{"dataValues": [\n' + second_line).encode(), "json") == [
        (
            2,
            "",
            f"JSON : « NaN » (ligne 2, colonne {column}) n'est pas un nombre accepté (infini, "
            "indéfini ou trop long)",
        )
    ]
    too_big = json.dumps({"dataValues": [{**item, "value": 1}]}).replace(
        '"value": 1', '"value": 1e400'
    )
    assert refusal(manager, campaign, too_big.encode(), "json")[0][2].startswith("JSON : « 1e400 »")
    deep_value = {"dataValues": [{**item, "value": 1}, {**item, "value": [[[[1]]]]}]}
    assert refusal(manager, campaign, json.dumps(deep_value).encode(), "json") == [
        (2, "value", "élément n° 2 : nombre ou texte attendu")
    ]


def hostile_files(code: str) -> dict[str, tuple[bytes, str]]:
    """{file name: (content, what the refusal says)}, one of each kind."""
    csv_81 = csv_file(f"ES_TOTAL;;{code};2026S2;6;\x81").encode("latin-1")
    xlsx_inf = rewrite_sheet(
        workbook({1: HEADER, 2: ["ES_TOTAL", None, code, "2026S2", 111111]}),
        lambda xml: xml.replace("<v>111111</v>", "<v>1E400</v>"),
    )
    broken = rewrite_sheet(workbook({1: HEADER, 2: ["x"]}), lambda xml: xml[:-40])
    return {
        "octet.csv": (csv_81, "ligne 2 : octet 0x81 illisible"),
        "utf16.csv": (csv_file(f"ES_TOTAL;;{code};2026S2;6;").encode("utf-16-le"), "caractère nul"),
        "infini.xlsx": (
            xlsx_inf,
            "ligne 2, colonne « valeur (value) » : « inf » dépasse la valeur",
        ),
        "casse.xlsx": (broken, "classeur XLSX illisible"),
        "profond.json": (nested(100_000), "JSON trop profondément imbriqué"),
    }


def test_the_import_page_refuses_each_hostile_file_in_french(client, world, manager, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    client.force_login(manager)
    before = state()
    for name, (content, said) in hostile_files(report.region.code).items():
        response = client.post(
            reverse("indicateurs:report_import", args=[report.pk]),
            {"file": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == 422, name
        assert said in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"'), name
    assert state() == before


def test_the_command_refuses_each_hostile_file_without_a_traceback(
    world, manager, campaign, tmp_path
):
    before = state()
    for name, (content, said) in hostile_files(world.bfc.region.code).items():
        path = tmp_path / name
        path.write_bytes(content)
        err = StringIO()
        with pytest.raises(CommandError, match="Fichier refusé : 1 problème"):
            call_command(
                "import_datavalues", campaign.period, str(path), user=manager.email, stderr=err
            )
        assert said in err.getvalue(), name
    assert state() == before


def test_the_api_refuses_a_deeply_nested_data_value_set(client, world, manager, campaign):
    client.force_login(manager)
    before = state()
    response = client.post(
        f"/api/v1/indicators/campaigns/{campaign.pk}/datavaluesets",
        nested(100_000),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["problems"] == [
        "ligne 1 : JSON trop profondément imbriqué : plus de 100 niveaux à la ligne 1, colonne 115"
    ]
    assert state() == before


def test_a_hostile_workbook_met_during_a_first_import_rolls_it_back(world, campaign):
    """On PostgreSQL a first import streams its rows into a COPY as they are read: the XML
    failing after two good rows must roll them back."""
    manager = world.bfc.users[Role.GRADES_MANAGER]
    code = world.bfc.region.code
    rows = {
        1: HEADER,
        2: ["DMP_CREES", None, code, "2026S2", 5],
        3: ["ES_TOTAL", None, code, "2026S2", 6],
        4: ["MSS_MESSAGES", None, code, "2026S2", 7],
    }
    data = rewrite_sheet(workbook(rows), lambda xml: xml[: xml.index('<row r="4"') + 12])
    assert refusal(manager, campaign, data, "xlsx") == [
        (3, "", "classeur XLSX illisible : contenu invalide après la ligne 3")
    ]
    assert not DataValue.objects.exists() and not ImportJob.objects.exists()
