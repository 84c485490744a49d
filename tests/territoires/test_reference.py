import datetime

import pytest
from django.core.exceptions import ValidationError

from pilote.comptes.access import SYSTEM
from pilote.territoires.models import ArsArea, InfraKind, Level, Territory
from pilote.territoires.services import (
    ars_area_on,
    create_infra_territory,
    current_territory_for,
    load_reference,
    region_of,
    valid_territories,
)

TODAY = datetime.date(2026, 11, 25)


def test_it_loads_todays_regions_and_departements_with_populations(reference):
    regions = Territory.objects.valid_on(TODAY).ars_regions()
    assert regions.count() == 18
    ara = regions.get(code="84")
    assert ara.name == "Auvergne-Rhône-Alpes"
    assert ara.population == 8_205_557
    assert ara.children.departements().count() == 12
    assert Territory.objects.departements().get(code="2A").parent.code == "94"


def test_it_loads_the_27_regions_of_2011_to_2015(reference):
    former = Territory.objects.regions().filter(valid_to=datetime.date(2015, 12, 31))
    assert former.count() == 27
    bourgogne = former.get(code="26")
    assert bourgogne.successor.code == "27"
    assert bourgogne.population == sum(d.population for d in bourgogne.former_children.all())


def test_it_changes_nothing_the_second_time(reference):
    territories = Territory.history.count()
    areas = ArsArea.history.count()
    report = load_reference(acting_user=SYSTEM)
    assert (report.created, report.updated) == (0, 0)
    assert Territory.history.count() == territories
    assert ArsArea.history.count() == areas


def test_it_repairs_a_changed_population_and_records_it(reference):
    Territory.objects.filter(level=Level.DEPARTEMENT, code="21").update(population=1)
    report = load_reference(acting_user=SYSTEM)
    assert report.updated == 1
    cote_dor = Territory.objects.get(level=Level.DEPARTEMENT, code="21")
    assert cote_dor.population == 540_100
    assert cote_dor.history.latest().history_change_reason == "Référentiel INSEE"


def test_a_former_region_rolls_up_to_todays_region(reference):
    bourgogne = Territory.objects.get(level=Level.REGION, code="26", valid_to__isnull=False)
    franche_comte = Territory.objects.get(level=Level.REGION, code="43")
    assert current_territory_for(bourgogne).code == "27"
    assert current_territory_for(franche_comte).name == "Bourgogne-Franche-Comté"
    # on a date when Bourgogne was valid, it is its own territory
    assert current_territory_for(bourgogne, datetime.date(2014, 6, 1)) == bourgogne


def test_an_unchanged_region_rolls_up_to_its_current_version(reference):
    bretagne_2015 = Territory.objects.get(level=Level.REGION, code="53", valid_to__isnull=False)
    assert current_territory_for(bretagne_2015).valid_from == datetime.date(2016, 1, 1)


def test_it_lists_the_territories_valid_on_a_date(reference):
    in_2014 = valid_territories(datetime.date(2014, 6, 1), Level.REGION)
    codes_2014 = set(in_2014.values_list("name", flat=True))
    assert "Bourgogne" in codes_2014
    assert "Bourgogne-Franche-Comté" not in codes_2014
    in_2020 = set(
        valid_territories(datetime.date(2020, 6, 1), Level.REGION).values_list("name", flat=True)
    )
    assert "Bourgogne-Franche-Comté" in in_2020
    assert "Bourgogne" not in in_2020


def test_a_departement_region_follows_the_reform(reference):
    dijon = Territory.objects.get(level=Level.DEPARTEMENT, code="21")
    assert region_of(dijon).code == "27"
    assert dijon.former_parent.name == "Bourgogne"


def test_ars_ocean_indien_covered_mayotte_until_2019(reference):
    mayotte = Territory.objects.valid_on(TODAY).regions().get(code="06")
    assert ars_area_on(mayotte, datetime.date(2018, 1, 1)).name == "ARS Océan Indien"
    assert ars_area_on(mayotte, datetime.date(2021, 1, 1)).name == "ARS Mayotte"
    reunion = Territory.objects.valid_on(TODAY).regions().get(code="04")
    assert ars_area_on(reunion, datetime.date(2018, 1, 1)).name == "ARS Océan Indien"
    assert ars_area_on(reunion, datetime.date(2021, 1, 1)).name == "ARS La Réunion"


def test_ars_guadeloupe_covers_saint_martin_and_saint_barthelemy(reference):
    area = ArsArea.objects.get(code="ARS-01")
    assert {"01", "977", "978"} <= set(area.regions.values_list("code", flat=True))


def test_an_ars_defines_an_infra_regional_area(reference):
    ara = Territory.objects.current().regions().get(code="84")
    deps = list(ara.children.departements().filter(code__in=["03", "15", "43", "63"]))
    area = create_infra_territory(
        acting_user=SYSTEM,
        region=ara,
        code="CASSIS-AUV",
        name="CASSIS Auvergne",
        kind=InfraKind.CASSIS,
        departements=deps,
    )
    assert area.parent == ara
    assert area.departements.count() == 4
    assert area.population == sum(d.population for d in deps)


def test_it_refuses_an_infra_area_with_a_departement_of_another_region(reference):
    ara = Territory.objects.current().regions().get(code="84")
    dijon = Territory.objects.get(level=Level.DEPARTEMENT, code="21")
    with pytest.raises(ValidationError, match="Côte-d'Or"):
        create_infra_territory(
            acting_user=SYSTEM,
            region=ara,
            code="X",
            name="X",
            kind=InfraKind.CASSIS,
            departements=[dijon],
        )
    assert not Territory.objects.filter(level=Level.INFRA).exists()
