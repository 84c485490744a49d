import datetime

from pilote.comptes.access import SYSTEM
from pilote.indicateurs import analytics
from pilote.indicateurs.definitions import load_definitions
from pilote.indicateurs.models import DataElement, DataValue, Indicator
from pilote.indicateurs.periods import parse
from pilote.territoires.models import Level, Territory


def accepted(element, region, period, value, territory=None, option=""):
    DataValue.objects.create(
        data_element=DataElement.objects.get(code=element),
        option=option,
        territory=territory or region,
        region=region,
        period=period,
        value=value,
        accepted_value=value,
    )


def test_ratios_are_recomputed_from_numerator_and_denominator(world, indicators):
    big, small = world.ara.region, world.bfc.region
    accepted("ES_TOTAL", big, "2024S2", 1000)
    accepted("MSS_ES_CONNECTES", big, "2024S2", 900)  # 90 %
    accepted("ES_TOTAL", small, "2024S2", 10)
    accepted("MSS_ES_CONNECTES", small, "2024S2", 1)  # 10 %
    analytics.refresh_aggregates(region_ids=[big.pk, small.pk], periods=["2024S2"])
    indicator = Indicator.objects.get(code="IND_MSS_ES")
    table = analytics.indicator_table([indicator], parse("2024S2"))
    assert table[(indicator.pk, big.pk)] == 90
    assert table[(indicator.pk, small.pk)] == 10
    # nation: 901 / 1010, not the average of 90 % and 10 %
    assert round(table[(indicator.pk, analytics.NATION)], 2) == round(901 / 1010 * 100, 2)


def test_semesters_roll_up_to_the_year_by_their_aggregation(world, indicators):
    region = world.bfc.region
    accepted("MSS_MESSAGES", region, "2024S1", 100)
    accepted("MSS_MESSAGES", region, "2024S2", 150)
    accepted("EPARCOURS_PATIENTS", region, "2024S1", 1000)  # a stock: last value counts
    accepted("EPARCOURS_PATIENTS", region, "2024S2", 1500)
    analytics.refresh_aggregates(region_ids=[region.pk], periods=["2024S1", "2024S2"])
    messages = Indicator.objects.get(code="IND_MSS_MSG")
    patients = Indicator.objects.get(code="IND_EPARCOURS")
    year = analytics.indicator_table([messages, patients], parse("2024"))
    assert year[(messages.pk, region.pk)] == 250
    assert year[(patients.pk, region.pk)] == 1500


def test_data_entered_on_a_former_region_rolls_up_onto_todays_region(reference, indicators):
    load_definitions(acting_user=SYSTEM)
    bourgogne = Territory.objects.get(level=Level.REGION, code="26", valid_to__isnull=False)
    franche_comte = Territory.objects.get(level=Level.REGION, code="43", valid_to__isnull=False)
    bfc = Territory.objects.current().regions().get(code="27")
    from pilote.territoires.services import region_of

    assert region_of(bourgogne) == bfc
    accepted("DMP_CREES", bfc, "2015S2", 300, territory=bourgogne)
    accepted("DMP_CREES", bfc, "2015S2", 200, territory=franche_comte)
    analytics.refresh_aggregates(region_ids=[bfc.pk], periods=["2015S2"])
    indicator = Indicator.objects.get(code="IND_DMP_CREES")
    assert analytics.indicator_table([indicator], parse("2015S2"))[(indicator.pk, bfc.pk)] == 500
    series = analytics.time_series(indicator, bfc.pk, "2015S1", "2016S1")
    assert series == [("2015S1", None), ("2015S2", 500), ("2016S1", None)]


def test_unaccepted_values_stay_out_of_the_roll_ups(world, indicators):
    region = world.bfc.region
    DataValue.objects.create(
        data_element=DataElement.objects.get(code="DMP_CREES"),
        territory=region,
        region=region,
        period="2024S2",
        value=999,
    )
    analytics.refresh_aggregates(region_ids=[region.pk], periods=["2024S2"])
    indicator = Indicator.objects.get(code="IND_DMP_CREES")
    assert analytics.indicator_table([indicator], parse("2024S2")) == {}
    assert datetime.date(2024, 7, 1) == parse("2024S2").start


def test_departements_and_infra_regional_territories_from_establishments(world, indicators):
    """Below the region: establishments' published values by département, and an
    infra-regional territory as the sum of its départements, ratios recomputed at each level."""
    from pilote.territoires.services import create_infra_territory
    from tests.factories import DepartementFactory, OrganisationFactory

    region = world.bfc.region
    cote_dor, doubs = world.bfc.departement, DepartementFactory(parent=region)
    establishments = {
        cote_dor: [OrganisationFactory(departement=cote_dor) for _ in range(2)],
        doubs: [OrganisationFactory(departement=doubs)],
    }

    def org_value(code, organisation, value, published=True):
        DataValue.objects.create(
            data_element=DataElement.objects.get(code=code),
            organisation=organisation,
            region=region,
            period="2024S2",
            value=value,
            accepted_value=value if published else None,
        )

    first, second = establishments[cote_dor]
    org_value("ES_TOTAL", first, 10)
    org_value("MSS_ES_CONNECTES", first, 9)
    org_value("ES_TOTAL", second, 30)
    org_value("MSS_ES_CONNECTES", second, 3)  # Côte-d'Or: 12 / 40 = 30 %
    org_value("ES_TOTAL", establishments[doubs][0], 60)
    org_value("MSS_ES_CONNECTES", establishments[doubs][0], 48)  # Doubs: 80 %
    late = OrganisationFactory(departement=doubs)
    org_value("ES_TOTAL", late, 1000, published=False)
    org_value("MSS_ES_CONNECTES", late, 1000, published=False)
    area = create_infra_territory(
        acting_user=world.national_admin,
        region=region,
        code="CASSIS-T",
        name="CASSIS test",
        kind="cassis",
        departements=[cote_dor, doubs],
    )
    indicator = Indicator.objects.get(code="IND_MSS_ES")
    table = analytics.subregional_table([indicator], parse("2024S2"), region)
    assert table[(indicator.pk, cote_dor.pk)] == 30
    assert table[(indicator.pk, doubs.pk)] == 80
    assert table[(indicator.pk, area.pk)] == 60  # 60 / 100, not the mean of 30 % and 80 %
    assert analytics.subregional_table([indicator], parse("2024S2"), world.ara.region) == {}
