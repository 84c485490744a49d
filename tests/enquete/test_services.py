from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.comptes.access import SYSTEM
from pilote.enquete import services
from pilote.enquete.methodology import level
from pilote.enquete.models import CampaignStatus, Grid, Methodology
from pilote.enquete.places import PlaceResolver


def place(code, year):
    return PlaceResolver().resolve(code, year)


def test_campaign_freezes_its_methodology_and_a_change_is_a_new_version(campaign):
    assert campaign.methodology.version == 1
    assert campaign.methodology.frozen
    assert len(campaign.methodology.definition["questions"]) == 9
    assert [i["code"] for i in campaign.methodology.definition["indices"]] == [
        "pilotage",
        "stabilite",
        "professionnalisation",
    ]
    changed = dict(campaign.methodology.definition, questions=[])
    v2 = services.new_methodology(acting_user=SYSTEM, label="sans questions", definition=changed)
    assert v2.version == 2
    campaign.methodology.refresh_from_db()
    assert len(campaign.methodology.definition["questions"]) == 9
    later = services.create_campaign(acting_user=SYSTEM, name="Enquête 2013", years=[2013])
    assert later.methodology == v2
    assert Methodology.objects.get(version=2).frozen


def test_a_campaign_is_created_by_the_national_admin_only(bfc, admin):
    with pytest.raises(PermissionDenied):
        services.create_campaign(acting_user=bfc.manager, name="X", years=[2011])
    campaign = services.create_campaign(acting_user=admin, name="X", years=["2011", 2009])
    assert campaign.years == [2009, 2011]
    with pytest.raises(ValidationError):
        services.create_campaign(acting_user=admin, name="X", years=[2011])


def test_total_equals_operating_plus_investment(campaign):
    values = {
        "budget_operating": Decimal("100"),
        "budget_investment": Decimal("50"),
        "budget_total": Decimal("160"),
    }
    with pytest.raises(ValidationError) as refused:
        services.save_grid(
            acting_user=SYSTEM,
            campaign=campaign,
            year=2011,
            place=place("26", 2011),
            operator_name="GCS Bourgogne",
            values=values,
        )
    assert "somme" in refused.value.message_dict["budget_total"][0]
    grid, status = services.save_grid(
        acting_user=SYSTEM,
        campaign=campaign,
        year=2011,
        place=place("26", 2011),
        operator_name="GCS Bourgogne",
        values={**values, "budget_total": None},
    )
    assert (status, grid.budget_total) == ("created", Decimal("150"))
    # a total alone (split unknown) is kept; the parts stay unknown, not zero
    alone, _ = services.save_grid(
        acting_user=SYSTEM,
        campaign=campaign,
        year=2011,
        place=place("43", 2011),
        operator_name="GCS Franche-Comté",
        values={"budget_total": Decimal("80")},
    )
    assert (alone.budget_operating, alone.budget_total) == (None, Decimal("80"))


def test_save_grid_is_idempotent_and_keeps_history(campaign):
    args = {
        "acting_user": SYSTEM,
        "campaign": campaign,
        "year": 2011,
        "place": place("26", 2011),
        "operator_name": "GCS Bourgogne",
        "values": {"etp_total": Decimal("4.5")},
        "figures": {"etp.direction": Decimal("1")},
    }
    grid, first = services.save_grid(**args)
    _, second = services.save_grid(**args)
    assert (first, second) == ("created", "unchanged")
    _, third = services.save_grid(**{**args, "figures": {"etp.direction": Decimal("2")}})
    assert third == "updated"
    assert grid.figures.get(key="etp.direction").value == Decimal("2")
    assert grid.history.count() == 1
    assert grid.figures.get().history.count() == 2


def test_former_region_and_ars_area_roll_up_to_todays_region(campaign):
    bourgogne = place("26", 2011)
    assert bourgogne.territory.name == "Bourgogne"
    assert bourgogne.region.code == "27"
    assert place("26", 2016) is None  # Bourgogne is no longer a region in 2016
    assert place("27", 2011) is None
    ocean_indien = place("ARS-OI", 2011)
    assert ocean_indien.ars_area.name == "ARS Océan Indien"
    assert ocean_indien.region.code == "04"
    grid, _ = services.save_grid(
        acting_user=SYSTEM,
        campaign=campaign,
        year=2011,
        place=ocean_indien,
        operator_name="GCS TESIS",
        values={},
    )
    assert grid.population() == 860_000 + 300_000  # La Réunion and Mayotte in 2011
    # 2009 is read on the reference's first day (the regions of 2011)
    assert place("26", 2009).territory.name == "Bourgogne"


def test_grades_fills_its_own_region_only(campaign, bfc, ara):
    args = {"campaign": campaign, "year": 2011, "operator_name": "GCS Bourgogne", "values": {}}
    services.save_grid(acting_user=bfc.manager, place=place("26", 2011), **args)
    with pytest.raises(PermissionDenied):
        services.save_grid(acting_user=ara.manager, place=place("26", 2011), **args)
    with pytest.raises(PermissionDenied):
        services.save_grid(acting_user=bfc.officer, place=place("26", 2011), **args)
    assert list(Grid.objects.visible_to(ara.manager)) == []
    assert Grid.objects.visible_to(bfc.officer).count() == 1


def test_a_closed_campaign_refuses_changes(campaign, admin):
    services.set_campaign_status(acting_user=admin, campaign=campaign, status=CampaignStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.save_grid(
            acting_user=SYSTEM,
            campaign=campaign,
            year=2011,
            place=place("26", 2011),
            operator_name="GCS",
            values={},
        )


def test_index_level_from_criteria_met():
    assert [level(n, 4) for n in range(5)] == [1, 1, 2, 3, 4]
    assert [level(n, 5) for n in range(6)] == [1, 1, 2, 3, 4, 4]
