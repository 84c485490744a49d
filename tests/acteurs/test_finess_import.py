import io

import pytest
from django.core.management import CommandError, call_command

from pilote.acteurs.finess_import import FinessRejected, import_finess
from pilote.acteurs.finess_reader import FinessFileError
from pilote.acteurs.models import Organisation, OrganisationType, Source
from tests.acteurs import finess_files as ff

GOOD_ROWS = [
    ff.CHU_DIJON,
    ff.EHPAD_QUOTED,
    ff.CLINIQUE_BESANCON,
    ff.CHU_POINTE_A_PITRE,
    ff.HOPITAL_SAINT_MARTIN,
    ff.CHM_MAYOTTE,
    ff.CHU_REUNION,
]
BROKEN = ["structureet", "210999999", "210999990", "LIGNE CASSÉE", "21"]  # 5 fields
BAD_FINESS = ff.structure("21X", "210780581", "NUMÉRO FAUX", "21", "231", "21000 DIJON")


def snapshot():
    return (
        sorted(Organisation.objects.values_list("pk", "finess_et", "name", "coord_x")),
        Organisation.history.count(),
    )


@pytest.fixture
def finess_file(tmp_path):
    rows = GOOD_ROWS + [ff.geo("210780581")]
    return ff.write(tmp_path / "etalab-cs1100507-stock-20261120-0400.csv", rows)


@pytest.fixture
def with_bad_lines(tmp_path):
    """The good rows with three invalid lines: 5 (5 fields), 10 (FINESS), 12 (coordinates)."""
    rows = GOOD_ROWS[:3] + [BROKEN] + GOOD_ROWS[3:] + [BAD_FINESS]
    rows += [ff.geo("210780581"), ff.geo("9A0000229", x="not-a-number")]
    return ff.write(tmp_path / "etalab-cs1100507-stock-20261121-0400.csv", rows)


def test_it_imports_establishments_and_their_legal_entities(reference, finess_file):
    report = import_finess(finess_file)
    assert report.rejected == 0
    assert report.created == 7
    assert report.legal_entities_created == 7  # CHU Dijon is its own EJ, one EJ per line here
    chu = Organisation.objects.get(finess_et="210780581")
    assert chu.type == OrganisationType.HOPITAL_PUBLIC
    assert chu.region.name == "Bourgogne-Franche-Comté"
    assert chu.departement.name == "Côte-d'Or"
    assert chu.commune_code == "21231"
    assert (chu.postcode, chu.city) == ("21000", "DIJON")
    assert chu.legal_entity.finess_ej == "210780581"
    assert chu.legal_entity.is_legal_entity
    assert chu.coord_x == pytest.approx(854512.3)
    assert chu.source == Source.FINESS
    clinique = Organisation.objects.get(finess_et="250000536")
    assert clinique.type == OrganisationType.HOPITAL_ESPIC


def test_it_reads_quoted_fields_with_separators_and_quotes(reference, finess_file):
    import_finess(finess_file)
    ehpad = Organisation.objects.get(finess_et="210011218")
    assert ehpad.name == 'EHPAD "LES TILLEULS"; SITE NORD'
    assert ehpad.type == OrganisationType.MEDICO_SOCIAL


def test_it_maps_overseas_codes(reference, finess_file):
    import_finess(finess_file)
    regions = dict(
        Organisation.objects.filter(finess_et__startswith="9").values_list(
            "finess_et", "region__name"
        )
    )
    assert regions == {
        "9A0000013": "Guadeloupe",
        "9A0000229": "Saint-Martin",
        "9F0000013": "Mayotte",
        "9D0000023": "La Réunion",
    }
    assert Organisation.objects.get(finess_et="9A0000013").commune_code == "97101"
    assert Organisation.objects.get(finess_et="9D0000023").name == "CHU DE LA RÉUNION — SITE SUD"


def test_one_invalid_line_changes_nothing_and_every_invalid_line_is_listed(
    reference, finess_file, with_bad_lines
):
    import_finess(finess_file)
    before = snapshot()
    with pytest.raises(FinessRejected) as refused:
        import_finess(with_bad_lines)
    assert str(refused.value).startswith("3 ligne(s) invalide(s) sur 11 : rien n'a été importé.")
    rejected = {r.line: r.reason for r in refused.value.report.rejections}
    assert set(rejected) == {5, 10, 12}
    assert "5 champs au lieu de 31" in rejected[5]
    assert "nofinesset" in rejected[10] and "21X" in rejected[10]
    assert "coordonnées invalides" in rejected[12]
    assert snapshot() == before


def test_a_bad_line_after_a_written_batch_rolls_the_batch_back(reference, tmp_path, monkeypatch):
    from pilote.acteurs import finess_import

    monkeypatch.setattr(finess_import, "BATCH", 2)  # GOOD_ROWS fill three batches
    path = ff.write(tmp_path / "late.csv", GOOD_ROWS + [BAD_FINESS])
    with pytest.raises(FinessRejected) as refused:
        import_finess(path)
    assert [r.line for r in refused.value.report.rejections] == [9]
    assert not Organisation.objects.exists() and not Organisation.history.exists()


def test_a_failure_while_writing_stops_the_reading_thread_and_changes_nothing(
    reference, tmp_path, monkeypatch
):
    """Lines are read in a thread of their own while batches are written: a batch the database
    refuses ends that thread (it does not stay blocked on the full queue) and rolls every
    batch back."""
    import threading

    from django.db import DatabaseError

    from pilote.acteurs import finess_import

    monkeypatch.setattr(finess_import, "BATCH", 1)  # more batches than the queue holds
    written = []
    real_flush = finess_import._flush

    def failing_flush(batch, *args):
        if written:
            raise DatabaseError("disque plein")
        real_flush(batch, *args)
        written.append(batch)

    monkeypatch.setattr(finess_import, "_flush", failing_flush)
    path = ff.write(tmp_path / "many.csv", GOOD_ROWS)
    before = snapshot()
    with pytest.raises(DatabaseError, match="disque plein"):
        import_finess(path)
    assert len(written) == 1 and snapshot() == before
    assert not [t for t in threading.enumerate() if t.name == "pilote-finess-lines"]


def test_skip_invalid_imports_the_valid_lines_and_reports_the_skipped_ones(
    reference, with_bad_lines
):
    report = import_finess(with_bad_lines, skip_invalid=True)
    assert [r.line for r in report.rejections] == [5, 10, 12]
    assert report.created == 7
    summary = report.summary()
    assert "3 lignes invalides ignorées ;" in summary
    # the words of the web page and of the job page: a French date, the encoding as users
    # name it, no command-line option
    assert summary.startswith("Extraction du 20/11/2026 (UTF-8) : ")
    assert "--" not in summary
    assert not Organisation.objects.filter(name="LIGNE CASSÉE").exists()
    assert Organisation.objects.get(finess_et="9A0000229").coord_x is None


def test_non_finite_coordinates_are_invalid(reference, tmp_path):
    rows = [ff.CHU_DIJON, ff.geo("210780581", x="inf", y="nan")]
    with pytest.raises(FinessRejected) as refused:
        import_finess(ff.write(tmp_path / "inf.csv", rows))
    [rejection] = refused.value.report.rejections
    assert (rejection.line, rejection.reason) == (
        3,
        "colonnes 3-4 : coordonnées invalides « inf », « nan »",
    )


def test_an_empty_file_says_it_is_empty(reference, tmp_path):
    for name, content in (("zero.csv", b""), ("blank.csv", b"\xef\xbb\xbf\r\n\r\n")):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(FinessFileError, match="^Le fichier est vide.$"):
            import_finess(path)
    header_only = ff.write(tmp_path / "header.csv", [])
    with pytest.raises(FinessFileError, match="^Le fichier est vide : aucune ligne après"):
        import_finess(header_only)
    assert not Organisation.objects.exists()


def test_reimporting_the_same_file_changes_nothing(reference, finess_file):
    import_finess(finess_file)
    before = snapshot()
    report = import_finess(finess_file)
    assert (report.created, report.updated, report.legal_entities_created) == (0, 0, 0)
    assert report.unchanged == 7
    assert snapshot() == before


def test_a_changed_line_updates_the_establishment_and_records_history(reference, tmp_path):
    import_finess(ff.write(tmp_path / "a.csv", [ff.CHU_DIJON]))
    renamed = list(ff.CHU_DIJON)
    renamed[3] = "CHU DIJON BOURGOGNE - FRANÇOIS MITTERRAND"
    report = import_finess(ff.write(tmp_path / "b.csv", [renamed]))
    assert (report.created, report.updated) == (0, 1)
    chu = Organisation.objects.get(finess_et="210780581")
    assert chu.name == "CHU DIJON BOURGOGNE - FRANÇOIS MITTERRAND"
    last = chu.history.latest()
    assert last.history_change_reason == "Import FINESS"
    assert last.prev_record.name == "CHU DIJON BOURGOGNE"


def test_changed_lines_each_get_their_values_and_a_whole_history_row(
    reference, tmp_path, django_user_model
):
    import_finess(ff.write(tmp_path / "a.csv", [ff.CHU_DIJON, ff.CLINIQUE_BESANCON]))
    Organisation.objects.filter(finess_et="210780581").update(email="dsi@chu-dijon.fr")
    importer = django_user_model.objects.create_user("import@sante.gouv.fr", "x")
    dijon, besancon = list(ff.CHU_DIJON), list(ff.CLINIQUE_BESANCON)
    dijon[3], besancon[3] = "CHU DIJON RENOMMÉ", "CLINIQUE RENOMMÉE"
    report = import_finess(ff.write(tmp_path / "b.csv", [dijon, besancon]), acting_user=importer)
    assert report.updated == 2
    names = dict(Organisation.objects.values_list("finess_et", "name"))
    assert names["210780581"] == "CHU DIJON RENOMMÉ"
    assert names[ff.CLINIQUE_BESANCON[1]] == "CLINIQUE RENOMMÉE"
    last = Organisation.objects.get(finess_et="210780581").history.latest()
    assert (last.history_type, last.history_user, last.name) == ("~", importer, dijon[3])
    assert last.email == "dsi@chu-dijon.fr"  # the history row is the whole row as it now is


def test_it_keeps_what_pilote_users_typed(reference, tmp_path):
    path = ff.write(tmp_path / "a.csv", [ff.CHU_DIJON])
    import_finess(path)
    Organisation.objects.filter(finess_et="210780581").update(email="dsi@chu-dijon.fr")
    import_finess(path)
    assert Organisation.objects.get(finess_et="210780581").email == "dsi@chu-dijon.fr"


def test_it_reads_a_windows_1252_file(reference, tmp_path):
    row = ff.structure(
        "250006954",
        "250006947",
        "CENTRE DE SANTÉ ÉLISÉE",
        "25",
        "056",
        "25000 BESANÇON",
        cat="124",
        catlabel="Centre de Santé",
        sph="",
    )
    path = ff.write(tmp_path / "old.csv", [row], encoding="cp1252")
    report = import_finess(path)
    assert report.encoding == "cp1252"
    org = Organisation.objects.get(finess_et="250006954")
    assert org.name == "CENTRE DE SANTÉ ÉLISÉE"
    assert org.city == "BESANÇON"
    assert org.type == OrganisationType.CENTRE_SANTE


def test_it_reads_a_2016_file(reference, tmp_path):
    """DD/MM/YYYY dates, no trailing field, sourcecoordet spread over several fields."""
    row = ff.structure(
        "210780581",
        "210780581",
        "CHU DIJON",
        "21",
        "231",
        "21000 DIJON",
        dateouv="01/01/1970",
        datemaj="14/03/2016",
        trailing=False,
    )
    geo = [
        "geolocalisation",
        "210780581",
        "854512.3",
        "6690123.4",
        "1",
        "ATLASANTE",
        "100",
        "IGN",
        "BD_ADRESSE",
        "V2.2",
        "LAMBERT_93",
        "14/03/2016",
    ]
    report = import_finess(ff.write(tmp_path / "2016.csv", [row, geo]))
    assert report.rejected == 0
    chu = Organisation.objects.get(finess_et="210780581")
    assert chu.finess_updated_on.isoformat() == "2016-03-14"
    assert chu.coord_source == "1;ATLASANTE;100;IGN;BD_ADRESSE;V2.2;LAMBERT_93"


def test_a_foreign_file_is_refused_whole(reference, tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text("code,nom,zone\n84,Auvergne-Rhône-Alpes,metro\n", encoding="utf-8")
    before = snapshot()
    with pytest.raises(FinessFileError, match="pas une extraction FINESS"):
        import_finess(path)
    assert snapshot() == before


def test_a_truncated_file_changes_nothing(reference, tmp_path):
    good = ff.write(tmp_path / "good.csv", [ff.CHU_DIJON])
    import_finess(good)
    before = snapshot()
    rows = [ff.CLINIQUE_BESANCON, ff.EHPAD_QUOTED]
    full = ff.write(tmp_path / "full.csv", rows).read_bytes()
    truncated = tmp_path / "truncated.csv"
    truncated.write_bytes(full[: len(full) - 60])
    with pytest.raises(FinessFileError, match="tronqué"):
        import_finess(truncated)
    assert snapshot() == before


def test_a_file_cut_inside_a_quoted_field_changes_nothing(reference, tmp_path):
    full = ff.write(tmp_path / "full.csv", [ff.CHU_DIJON, ff.EHPAD_QUOTED]).read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(full[: full.index(b"LES TILLEULS")])
    before = snapshot()
    with pytest.raises(FinessFileError, match="Ligne 3"):
        import_finess(cut)
    assert snapshot() == before


def test_a_binary_file_is_refused(reference, tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x81\x8d\x8f\x90\x9d" * 10)
    with pytest.raises(FinessFileError, match="ni en UTF-8 ni en Windows-1252"):
        import_finess(path)


def test_the_command_shows_progress_and_a_report(reference, finess_file):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_finess", str(finess_file), stdout=out, stderr=err)
    assert "7 établissements créés" in out.getvalue()
    assert "0 lignes rejetées" in out.getvalue()
    assert "établissements" in err.getvalue() and "100%" in err.getvalue()


def test_the_command_refuses_a_file_with_invalid_lines_listing_them(reference, with_bad_lines):
    err = io.StringIO()
    with pytest.raises(CommandError, match="Fichier refusé, aucune modification : 3 ligne") as e:
        call_command(
            "import_finess", str(with_bad_lines), "--quiet-progress", stdout=err, stderr=err
        )
    assert str(e.value).endswith("en ignorant les autres. (option --skip-invalid)")
    lines = err.getvalue().splitlines()
    assert lines[0] == "Ligne 5 invalide : 5 champs au lieu de 31 (ou 32)"
    assert [line.split(" :")[0] for line in lines] == [
        "Ligne 5 invalide",
        "Ligne 10 invalide",
        "Ligne 12 invalide",
    ]
    assert not Organisation.objects.exists()
    out = io.StringIO()
    call_command(
        "import_finess", str(with_bad_lines), "--quiet-progress", "--skip-invalid", stdout=out
    )
    assert "Ligne 5 ignorée : 5 champs au lieu de 31" in out.getvalue()
    assert "7 établissements créés" in out.getvalue()
    assert "3 lignes invalides ignorées ;" in out.getvalue()


def test_the_command_refuses_a_foreign_file_with_a_clear_message(reference, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("bonjour\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Fichier refusé, aucune modification"):
        call_command("import_finess", str(path), "--quiet-progress", stdout=io.StringIO())
