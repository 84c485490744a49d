import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from pilote.comptes.models import Role
from pilote.core import bulk
from pilote.indicateurs.imports import ImportRejected, import_values, xlsx_template
from pilote.indicateurs.models import DataValue, ImportJob

HEADER = "dataElement;option;orgUnit;period;value;comment\n"


def csv_bytes(*lines):
    return (HEADER + "\n".join(lines) + "\n").encode()


def snapshot():
    return sorted(DataValue.objects.values_list("data_element__code", "option", "period", "value"))


def test_a_csv_file_is_imported(world, campaign):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    code = world.bfc.region.code
    data = csv_bytes(
        f"ES_TOTAL;;{code};2026S2;120;",
        f"TLM_ACTES;teleconsultation;{code};2026S2;1 500;ok",
        f"TLM_ACTES;teleexpertise;{code};2026S2;300;",
    )
    result = import_values(
        acting_user=manager, campaign=campaign, data=data, file_format="csv", filename="bfc.csv"
    )
    assert (result.rows, result.created) == (3, 3)
    assert DataValue.objects.get(option="teleconsultation").value == 1500
    assert ImportJob.objects.get().user == manager
    again = import_values(acting_user=manager, campaign=campaign, data=data, file_format="csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_the_dry_run_lists_every_problem_by_line_and_column(world, campaign):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    bfc, ara = world.bfc.region.code, world.ara.region.code
    data = csv_bytes(
        f"ES_TOTAL;;{bfc};2026S2;120;",  # line 2: fine
        f"INCONNU;;{bfc};2026S2;1;",  # 3: unknown code
        f"ES_TOTAL;;{bfc};2026S2;douze;",  # 4: wrong type
        f"DMP_CREES;;{bfc};2025S2;5;",  # 5: outside the campaign
        f"DMP_CREES;;{ara};2026S2;5;",  # 6: not allowed
        f"ES_TOTAL;;{bfc};2026S2;121;",  # 7: duplicate of line 2
        f"TLM_ACTES;teletruc;{bfc};2026S2;1;",  # 8: unknown option
        "DMP_CREES;;XX;2026S2;1;",  # 9: unknown org unit
    )
    with pytest.raises(ImportRejected) as rejected:
        import_values(
            acting_user=manager, campaign=campaign, data=data, file_format="csv", dry_run=True
        )
    found = {(p.line, p.column) for p in rejected.value.problems}
    assert found == {
        (3, "dataElement"),
        (4, "value"),
        (5, "period"),
        (6, "orgUnit"),
        (7, ""),
        (8, "option"),
        (9, "orgUnit"),
    }
    messages = {p.line: str(p) for p in rejected.value.problems}
    assert messages[4] == "ligne 4, colonne « valeur (value) » : « douze » n'est pas un nombre"
    assert "doublon de la ligne 2" in messages[7]
    assert not DataValue.objects.exists()


def test_a_file_with_one_bad_line_changes_nothing(world, campaign):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    code = world.bfc.region.code
    import_values(
        acting_user=manager,
        campaign=campaign,
        data=csv_bytes(f"ES_TOTAL;;{code};2026S2;100;"),
        file_format="csv",
    )
    before = snapshot()
    bad = csv_bytes(f"ES_TOTAL;;{code};2026S2;200;", f"DMP_CREES;;{code};2026S2;-4;")
    with pytest.raises(ImportRejected):
        import_values(acting_user=manager, campaign=campaign, data=bad, file_format="csv")
    assert snapshot() == before
    assert ImportJob.objects.count() == 1


def test_a_json_data_value_set(world, campaign):
    payload = {
        "dataValues": [
            {
                "dataElement": "DMP_CREES",
                "orgUnit": world.bfc.region.code,
                "period": "2026S2",
                "value": 4200,
                "comment": "source CNAM",
            },
        ]
    }
    import_values(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        campaign=campaign,
        data=json.dumps(payload).encode(),
        file_format="json",
    )
    assert DataValue.objects.get().comment == "source CNAM"
    with pytest.raises(ImportRejected, match="problème"):
        import_values(
            acting_user=world.bfc.users[Role.ARS_OFFICER],
            campaign=campaign,
            data=b"{not json",
            file_format="json",
        )


def _filled(workbook, **values) -> bytes:
    """The template's workbook with a value typed in the « valeur » column of some codes."""
    for row in workbook.active.iter_rows(min_row=2):
        if row[0].value in values:
            row[4].value = values[row[0].value]
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_the_xlsx_template_comes_back_filled(world, campaign):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    workbook = load_workbook(io.BytesIO(xlsx_template(campaign, manager)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("donnée", "modalité", "unité", "période", "valeur", "commentaire")
    assert rows[0][6:8] == ("libellé (information)", "région ou établissement (information)")
    assert {r[2] for r in rows[1:]} == {world.bfc.region.code}  # only the user's region
    assert {r[7] for r in rows[1:]} == {world.bfc.region.name}
    assert "Acteurs du périmètre, par type — Établissements de santé" in {r[6] for r in rows}
    # no query per report nor per element: two regions' template costs what one region's does
    counts = []
    for user in (manager, world.national_admin):
        with CaptureQueriesContext(connection) as queries:
            xlsx_template(campaign, user)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    result = import_values(
        acting_user=manager,
        campaign=campaign,
        data=_filled(workbook, ES_TOTAL=77),
        file_format="xlsx",
    )
    assert result.created == 1
    assert DataValue.objects.get().value == 77


def test_the_template_shows_what_is_already_entered_and_comes_back_unchanged(world, campaign):
    """Values and comments typed on the report page stand beside the cells to fill; the
    template imported back as it is changes nothing; a value filled in keeps its comment; a
    line left empty never brings back a value corrected on the page since the download."""
    from pilote.indicateurs.models import DataElement, ValueType
    from pilote.indicateurs.values import save_value

    manager = world.bfc.users[Role.GRADES_MANAGER]
    report = campaign.reports.get(region=world.bfc.region)
    es = DataElement.objects.get(code="ES_TOTAL")
    typed = {"ES_TOTAL": "70", "DPI_DEPLOYE": "oui", "DATE_BASCULE": "31/12/2026"}
    for code, kind in (("DPI_DEPLOYE", ValueType.BOOLEAN), ("DATE_BASCULE", ValueType.DATE)):
        element = DataElement.objects.create(code=code, name=code, value_type=kind)
        campaign.dataset.data_elements.add(element)
    for code, raw in typed.items():
        element = DataElement.objects.get(code=code)
        save_value(acting_user=manager, report=report, element=element, raw=raw, comment="ARS")
    workbook = load_workbook(io.BytesIO(xlsx_template(campaign, manager)))
    header = next(workbook.active.iter_rows(max_row=1, values_only=True))
    assert header[8:10] == (
        "valeur déjà saisie (information)",
        "commentaire déjà saisi (information)",
    )
    rows = {r[0]: r for r in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert rows["ES_TOTAL"][8:10] == (70, "ARS")
    assert rows["DPI_DEPLOYE"][8:10] == ("oui", "ARS")
    assert rows["DATE_BASCULE"][8:10] == ("31/12/2026", "ARS")
    assert all(r[4] is None and r[5] in ("", None) for r in rows.values())  # cells to fill
    # corrected on the page after the download: a line left empty in the file keeps it
    save_value(acting_user=manager, report=report, element=es, raw="75", comment="ARS")
    again = import_values(
        acting_user=manager, campaign=campaign, data=_filled(workbook), file_format="xlsx"
    )
    assert (again.created, again.updated) == (0, 0)
    assert DataValue.objects.get(data_element=es).value == 75
    corrected = import_values(
        acting_user=manager,
        campaign=campaign,
        data=_filled(workbook, ES_TOTAL=71),
        file_format="xlsx",
    )
    assert (corrected.created, corrected.updated) == (0, 1)
    value = DataValue.objects.get(data_element=es)
    assert (value.value, value.comment) == (71, "ARS")
    # a date typed in a spreadsheet becomes a date cell (openpyxl reads it at midnight)
    import datetime

    dated = import_values(
        acting_user=manager,
        campaign=campaign,
        data=_filled(workbook, DATE_BASCULE=datetime.datetime(2027, 3, 2)),
        file_format="xlsx",
    )
    assert dated.updated == 1
    assert DataValue.objects.get(data_element__code="DATE_BASCULE").text_value == "2027-03-02"


def test_an_empty_comment_in_a_file_keeps_the_comment_typed_on_the_page(world, campaign):
    """A value typed on the report page with its comment, then corrected through a file whose
    comment is empty, keeps its comment; a comment in the file replaces it."""
    from pilote.indicateurs.models import DataElement
    from pilote.indicateurs.values import save_value

    manager = world.bfc.users[Role.GRADES_MANAGER]
    report = campaign.reports.get(region=world.bfc.region)
    es = DataElement.objects.get(code="ES_TOTAL")
    save_value(acting_user=manager, report=report, element=es, raw="70", comment="source ARS")
    code = world.bfc.region.code

    def imported(value: str, comment: str):
        line = f"ES_TOTAL;;{code};2026S2;{value};{comment}"
        return import_values(
            acting_user=manager, campaign=campaign, data=csv_bytes(line), file_format="csv"
        )

    assert imported("77", "").updated == 1
    value = DataValue.objects.get(data_element=es)
    assert (value.value, value.comment) == (77, "source ARS")
    same = imported("77", "")
    assert (same.updated, same.unchanged) == (0, 1)  # nothing to change: no new version
    assert imported("77", "chiffre SAE").updated == 1
    assert DataValue.objects.get(data_element=es).comment == "chiffre SAE"
    # and the reverse: a row giving only a comment keeps the stored value
    assert imported("", "source SAE 2025").updated == 1
    value = DataValue.objects.get(data_element=es)
    assert (value.value, value.comment) == (77, "source SAE 2025")


def test_the_command_imports_then_updates(world, campaign, tmp_path):
    """`pilote import_datavalues`: a first import, then a file that changes a value (the
    progress of its writes is drawn by the command's bar)."""
    from django.core.management import call_command

    manager = world.bfc.users[Role.GRADES_MANAGER]
    code = world.bfc.region.code
    path = tmp_path / "valeurs.csv"
    out = io.StringIO()
    for value, said in (("120", "1 créées, 0 modifiées"), ("121", "0 créées, 1 modifiées")):
        path.write_bytes(csv_bytes(f"ES_TOTAL;;{code};2026S2;{value};"))
        call_command(
            "import_datavalues",
            campaign.period,
            str(path),
            user=manager.email,
            stdout=out,
            stderr=io.StringIO(),
        )
        assert said in out.getvalue()
    assert DataValue.objects.get().value == 121


def test_short_lines_and_comma_separated_files(world, campaign):
    """Columns in any order, comma separator, a line cut short (no value): nothing to import
    on that line, the other is imported."""
    manager = world.bfc.users[Role.GRADES_MANAGER]
    code = world.bfc.region.code
    data = f"period,orgUnit,dataElement,value\n2026S2,{code},ES_TOTAL,12\n2026S2,{code},DMP_CREES\n"
    result = import_values(
        acting_user=manager, campaign=campaign, data=data.encode(), file_format="csv"
    )
    assert result.created == 1
    assert DataValue.objects.get().value == 12


@pytest.mark.parametrize("single_lookups", [200, 1])
def test_establishment_values_by_finess_number(world, campaign, monkeypatch, single_lookups):
    """Organisation-level values: found one by one in a small file, all at once past a
    threshold; an establishment of another region is refused on its line."""
    from pilote.indicateurs import import_checks
    from tests.factories import OrganisationFactory

    monkeypatch.setattr(import_checks, "SINGLE_LOOKUPS", single_lookups)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    bfc = [
        OrganisationFactory(finess_et=f"21000000{i}", departement=world.bfc.departement)
        for i in range(3)
    ]
    ara = OrganisationFactory(finess_et="690000001", departement=world.ara.departement)
    lines = [f"ES_TOTAL;;{o.finess_et};2026S2;{10 + i};" for i, o in enumerate(bfc)]
    with pytest.raises(ImportRejected) as rejected:
        import_values(
            acting_user=manager,
            campaign=campaign,
            data=csv_bytes(*lines, "ES_TOTAL;;690000001;2026S2;5;"),
            file_format="csv",
        )
    [problem] = rejected.value.problems
    assert (problem.line, problem.column) == (5, "orgUnit")
    assert "690000001" in problem.message and "pas dans votre région" in problem.message
    assert not DataValue.objects.exists()
    result = import_values(
        acting_user=manager, campaign=campaign, data=csv_bytes(*lines), file_format="csv"
    )
    assert result.created == 3
    stored = DataValue.objects.order_by("value")
    assert [(v.organisation_id, v.region_id, v.value) for v in stored] == [
        (o.pk, world.bfc.region.pk, 10 + i) for i, o in enumerate(bfc)
    ]
    assert all(v.territory_id is None for v in stored)
    assert ara.pk not in {v.organisation_id for v in stored}


def test_every_line_repeating_a_bad_cell_is_reported_and_padding_is_ignored(world, campaign):
    """Checks are cached by cell text: a cached problem is still reported on each of its lines,
    and a code with spaces around it is the code."""
    manager = world.bfc.users[Role.GRADES_MANAGER]
    code = world.bfc.region.code
    bad = csv_bytes(
        f"INCONNU;;{code};2026S2;1;",
        f"INCONNU;;{code};2026S2;2;",
        f"ES_TOTAL;;{code};2026S2;douze;",
        f"MSS_ES_CONNECTES;;{code};2026S2;douze;",
    )
    with pytest.raises(ImportRejected) as rejected:
        import_values(acting_user=manager, campaign=campaign, data=bad, file_format="csv")
    assert [(p.line, p.column) for p in rejected.value.problems] == [
        (2, "dataElement"),
        (3, "dataElement"),
        (4, "value"),
        (5, "value"),
    ]
    padded = csv_bytes(f" ES_TOTAL ; ; {code} ; 2026S2 ; 120 ;  bien reçu ")
    import_values(acting_user=manager, campaign=campaign, data=padded, file_format="csv")
    value = DataValue.objects.get()
    assert (value.data_element.code, value.period, value.value, value.comment) == (
        "ES_TOTAL",
        "2026S2",
        120,
        "bien reçu",
    )


def test_a_first_import_streams_and_a_bad_line_rolls_it_back(world, campaign):
    """A first import is written while it is checked (COPY on PostgreSQL, a thread on SQLite);
    a problem found late rolls everything back. A later import compares with the stored values
    instead."""
    from pilote.indicateurs import imports

    manager = world.bfc.users[Role.GRADES_MANAGER]
    code = world.bfc.region.code
    assert imports._streams(campaign, manager)
    late_problem = csv_bytes(
        f"ES_TOTAL;;{code};2026S2;120;",
        f"DMP_CREES;;{code};2026S2;7;",
        f"ES_TOTAL;;{code};2026S2;121;",  # a duplicate, after two values went to the writer
    )
    with pytest.raises(ImportRejected) as rejected:
        import_values(acting_user=manager, campaign=campaign, data=late_problem, file_format="csv")
    assert [(p.line, p.message) for p in rejected.value.problems] == [(4, "doublon de la ligne 2")]
    assert not DataValue.objects.exists() and not ImportJob.objects.exists()
    progress = []
    first = import_values(
        acting_user=manager,
        campaign=campaign,
        data=csv_bytes(f"ES_TOTAL;;{code};2026S2;120;", f"DMP_CREES;;{code};2026S2;7;"),
        file_format="csv",
        progress=lambda done, total: progress.append(done),
    )
    assert (first.rows, first.created) == (2, 2)
    assert ImportJob.objects.get().created == 2
    assert not imports._streams(campaign, manager)
    again = import_values(
        acting_user=manager,
        campaign=campaign,
        data=csv_bytes(f"ES_TOTAL;;{code};2026S2;125;", f"DMP_CREES;;{code};2026S2;7;"),
        file_format="csv",
    )
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    corrected = DataValue.objects.get(data_element__code="ES_TOTAL")
    assert (corrected.value, corrected.updated_by) == (125, manager)
    last = corrected.history.latest()
    assert (last.history_type, last.history_user, last.value) == ("~", manager, 125)
    assert last.prev_record.value == 120
    # the other region has no value yet: its first import may stream
    assert imports._streams(campaign, world.ara.users[Role.GRADES_MANAGER])


def test_validation_rules_run_on_import_and_on_the_dry_run(world, campaign):
    """An import reports the rules its reports now break; a dry run gives the same figures and
    warnings as the real import, and writes nothing."""
    manager = world.bfc.users[Role.GRADES_MANAGER]
    code = world.bfc.region.code
    data = csv_bytes(f"ES_TOTAL;;{code};2026S2;100;", f"MSS_ES_CONNECTES;;{code};2026S2;120;")
    trial = import_values(
        acting_user=manager, campaign=campaign, data=data, file_format="csv", dry_run=True
    )
    assert (trial.dry_run, trial.rows, trial.created) == (True, 2, 2)
    assert len(trial.warnings) == 1
    assert trial.warnings[0].startswith(f"{world.bfc.region.name} : Règle « ")
    assert "120 ≤ 100 attendu" in trial.warnings[0]
    assert not DataValue.objects.exists() and not ImportJob.objects.exists()
    real = import_values(acting_user=manager, campaign=campaign, data=data, file_format="csv")
    assert (real.dry_run, real.created, real.warnings) == (False, 2, trial.warnings)
    fixed = import_values(
        acting_user=manager,
        campaign=campaign,
        data=csv_bytes(f"MSS_ES_CONNECTES;;{code};2026S2;80;"),
        file_format="csv",
    )
    assert (fixed.updated, fixed.warnings) == (1, [])


def planner_rows(table: str) -> float:
    """The row count the planner's statistics hold for `table` (0 before any ANALYZE)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return max(cursor.fetchone()[0], 0)  # -1: never analysed
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return 0
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return float(row[0].split()[0]) if row else 0


def test_an_import_refreshes_the_planner_statistics_once_committed(
    world, campaign, django_capture_on_commit_callbacks, monkeypatch
):
    """A bulk import stays under autovacuum's threshold: without ANALYZE, PostgreSQL would plan
    the pages of the period just imported for 1 row. (From ANALYZE_MIN_ROWS rows: 1 here.)"""
    monkeypatch.setattr(bulk, "ANALYZE_MIN_ROWS", 1)
    if connection.vendor == "sqlite":  # (PostgreSQL's autovacuum may have analysed the table)
        if planner_rows(DataValue._meta.db_table):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM sqlite_stat1")
        assert planner_rows(DataValue._meta.db_table) == 0
    code = world.bfc.region.code
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_values(
            acting_user=world.bfc.users[Role.GRADES_MANAGER],
            campaign=campaign,
            data=csv_bytes(f"ES_TOTAL;;{code};2026S2;120;"),
            file_format="csv",
        )
    assert len(callbacks) == 1
    assert planner_rows(DataValue._meta.db_table) >= 1


def test_a_small_import_leaves_the_planner_statistics_alone(
    world, campaign, django_capture_on_commit_callbacks
):
    """ANALYZE samples the whole table inside the request: not for the few values a manager
    imports into a report (bulk.ANALYZE_MIN_ROWS)."""
    code = world.bfc.region.code
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        CaptureQueriesContext(connection) as captured,
    ):
        result = import_values(
            acting_user=world.bfc.users[Role.GRADES_MANAGER],
            campaign=campaign,
            data=csv_bytes(f"ES_TOTAL;;{code};2026S2;120;\nMSS_ES_CONNECTES;;{code};2026S2;90;"),
            file_format="csv",
        )
    assert result.created == 2
    assert callbacks == []
    assert not [q for q in captured.captured_queries if "ANALYZE" in q["sql"].upper()]


def test_a_submitted_report_is_not_in_the_template_and_its_lines_are_refused_by_name(
    world, campaign
):
    """The template holds the reports open to entry only: one sent back after a report was
    submitted would have its lines refused; a line for a submitted report says which and why."""
    from pilote.indicateurs.models import Report, ReportStatus

    officer = world.national_admin
    Report.objects.filter(campaign=campaign, region=world.bfc.region).update(
        status=ReportStatus.SUBMITTED
    )
    workbook = load_workbook(io.BytesIO(xlsx_template(campaign, officer)))
    units = {r[2] for r in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert units == {world.ara.region.code}
    code = world.bfc.region.code
    with pytest.raises(ImportRejected) as refusal:
        import_values(
            acting_user=officer,
            campaign=campaign,
            data=csv_bytes(f"ES_TOTAL;;{code};2026S2;12;"),
            file_format="csv",
        )
    assert (
        f"le rapport de « {code} » n'est pas ouvert à la saisie (Soumis à l'ARS) : retirez ses "
        "lignes du fichier" in str(refusal.value.problems)
    )
    assert not DataValue.objects.exists()


def test_the_summary_names_the_reports_the_file_went_to():
    """A campaign's file may fill several reports (a template covers every establishment the
    user reports for): the summary names them, five at most; a check says what it would do."""
    from pilote.indicateurs.import_jobs import describe
    from pilote.indicateurs.imports import ImportResult

    names = [f"CH {n} (FINESS 0{n}0000001)" for n in range(1, 8)]
    done = describe(ImportResult(rows=9, created=1, updated=2, unchanged=6, reports=names))
    assert done == (
        "Import réussi : 1 valeur créée, 2 modifiées, 6 inchangées. Rapports concernés : "
        f"{', '.join(names[:5])} et 2 autres."
    )
    checked = describe(
        ImportResult(rows=3, updated=1, unchanged=2, dry_run=True, reports=names[:1])
    )
    assert checked == (
        "Vérification réussie : 3 lignes valides ; l'import créerait 0 valeur, en "
        "modifierait 1 et en laisserait 2 inchangées. Rien n'a été écrit : décochez "
        f"« Vérifier seulement » pour importer. Rapport concerné : {names[0]}."
    )


def test_the_template_writes_a_stored_value_as_it_is_typed():
    from pilote.indicateurs.models import DataElement, ValueType
    from pilote.indicateurs.values import as_typed

    def element(kind):
        return DataElement(code="X", name="X", value_type=kind)

    assert as_typed(element(ValueType.BOOLEAN), 1.0) == "oui"
    assert as_typed(element(ValueType.BOOLEAN), 0.0) == "non"
    assert as_typed(element(ValueType.DATE), "2026-12-31") == "31/12/2026"
    assert as_typed(element(ValueType.DATE), "fin 2026") == "fin 2026"  # never a failure
    assert as_typed(element(ValueType.INTEGER), 12.0) == 12.0
    assert as_typed(element(ValueType.TEXT), "") is None
