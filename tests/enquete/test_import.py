from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from pilote.comptes.access import SYSTEM
from pilote.enquete.imports import import_survey
from pilote.enquete.models import Campaign, Grid

HEADER = (
    "annee;territoire;operateur;etp_total;budget_fonctionnement;budget_investissement;"
    "budget_total;population_reference"
)


def csv(*lines, header=HEADER, encoding="utf-8") -> bytes:
    return "\n".join([header, *lines]).encode(encoding)


def test_a_file_is_imported_with_commas_points_and_unknown_cells(campaign):
    data = csv(
        "2011;26;GCS Bourgogne;4,5;100 000,50;50000;150000.50;",
        "2011;ARS-OI;GCS TESIS;3;;;;1200000",
        "2009;43;GCS Émeraude;;;;80000;",
        encoding="cp1252",
    )
    outcome = import_survey(data, acting_user=SYSTEM, campaign=campaign)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert outcome.created == 3
    bourgogne = Grid.objects.get(place_code="26")
    assert bourgogne.etp_total == Decimal("4.5")
    assert bourgogne.budget_operating == Decimal("100000.50")
    assert bourgogne.region.code == "27"
    tesis = Grid.objects.get(place_code="ARS-OI")
    assert (tesis.budget_total, tesis.etp_total, tesis.population()) == (None, 3, 1_200_000)
    emeraude = Grid.objects.get(operator_name="GCS Émeraude")
    assert (emeraude.etp_total, emeraude.budget_total) == (None, Decimal("80000"))
    again = import_survey(data, acting_user=SYSTEM, campaign=campaign)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_every_problem_is_named_and_nothing_is_written(campaign):
    data = csv(
        "2011;26;GCS Bourgogne;4;100;50;200;",
        "2012;26;GCS Bourgogne;4;;;;",
        "2011;27;GCS BFC;abc;;;;",
        "2011;26;GCS Bourgogne;1,2.3;;;;",
        "2011;43;;;;;;zéro",
    )
    outcome = import_survey(data, acting_user=SYSTEM, campaign=campaign)
    problems = [str(p) for p in outcome.problems]
    assert problems == [
        "ligne 3, colonne « annee » : 2012 n'est pas une année de la campagne (2009, 2011)",
        "ligne 4, colonne « territoire » : « 27 » n'est ni le code INSEE d'une région valide en "
        "2011 ni le code d'un ressort d'ARS (ARS-OI…)",
        "ligne 4, colonne « etp_total » : « abc » n'est pas un nombre (virgule ou point décimal)",
        "ligne 5, colonne « etp_total » : « 1,2.3 » n'est pas un nombre (virgule ou point décimal)",
        "ligne 5, colonne « operateur » : même année, même territoire et même opérateur que la "
        "ligne 2",
        "ligne 6, colonne « operateur » : nom de l'opérateur manquant",
        "ligne 6, colonne « population_reference » : « zéro » n'est pas une population (un "
        "nombre entier d'habitants)",
    ]
    assert Grid.objects.count() == 0
    # the service's rule (total = sum) is reported on its column
    refused = import_survey(
        csv("2011;26;GCS Bourgogne;4;100;50;200;"), acting_user=SYSTEM, campaign=campaign
    )
    assert [str(p) for p in refused.problems] == [
        "ligne 2, colonne « budget_total » : le budget total (200,00\u00a0€) doit être égal à la "
        "somme du fonctionnement et de l'investissement (150,00\u00a0€)"
    ]
    assert Grid.objects.count() == 0


def test_the_header_must_start_with_the_template_columns(campaign):
    outcome = import_survey(
        csv("2011;26;X", header="annee;operateur;territoire"),
        acting_user=SYSTEM,
        campaign=campaign,
    )
    assert "les premières colonnes doivent être exactement" in str(outcome.problems[0])


def test_a_regional_operator_imports_its_own_region_only(campaign, bfc, ara):
    data = csv("2011;26;GCS Bourgogne;4;;;;")
    refused = import_survey(data, acting_user=ara.manager, campaign=campaign)
    assert "GRADeS" in str(refused.problems[0])
    assert import_survey(data, acting_user=bfc.manager, campaign=campaign).created == 1


def test_xlsx_with_detailed_figures(campaign):
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER.split(";"), "etp.direction", "risque.financier", "commentaire"])
    sheet.append([2011, "26", "GCS Bourgogne", 4.5, 100, 50, None, None, 1, 4, "libre"])
    buffer = BytesIO()
    book.save(buffer)
    outcome = import_survey(buffer.getvalue(), acting_user=SYSTEM, campaign=campaign)
    assert outcome.ok, [str(p) for p in outcome.problems]
    grid = Grid.objects.get()
    assert grid.budget_total == Decimal("150")
    assert {f.key: f.value for f in grid.figures.all()} == {
        "etp.direction": Decimal("1"),
        "risque.financier": Decimal("4"),
    }


def test_command_creates_the_campaign_for_the_years_of_the_file(territories, tmp_path):
    path = tmp_path / "enquete.csv"
    path.write_bytes(csv("2009;26;GCS Bourgogne;2;;;;", "2011;26;GCS Bourgogne;4;;;;"))
    call_command("import_survey", str(path), "--campaign", "État des lieux", "--dry-run")
    assert not Campaign.objects.exists()
    call_command("import_survey", str(path), "--campaign", "État des lieux")
    campaign = Campaign.objects.get()
    assert campaign.years == [2009, 2011]
    assert campaign.grids.count() == 2
    path.write_bytes(csv("2011;99;X;;;;;"))
    with pytest.raises(CommandError, match="Fichier refusé"):
        call_command("import_survey", str(path), "--campaign", "État des lieux")
