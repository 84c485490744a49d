"""Date data elements (the GRADeS set-up milestones): typed as JJ/MM/AAAA or ISO, stored as
ISO text, refused with a French message naming the value otherwise — on entry and in imports."""

import pytest
from django.core.exceptions import ValidationError

from pilote.comptes.models import Role
from pilote.indicateurs.imports import ImportRejected, import_values
from pilote.indicateurs.models import DataElement, DataValue
from pilote.indicateurs.values import parse_value, save_value
from tests.reporting import open_semester

DATASET = "GRADES_MISE_EN_PLACE"


@pytest.fixture
def setup_campaign(world, indicators):
    return open_semester(world, "2026S2", dataset_code=DATASET)


def test_a_date_is_read_in_french_or_iso_and_stored_as_iso(indicators):
    element = DataElement.objects.get(code="GRADES_DIRECTEUR_DATE")
    assert not element.is_numeric
    assert parse_value(element, "05/01/2018") == (None, "2018-01-05")
    assert parse_value(element, " 2018-01-05 ") == (None, "2018-01-05")
    assert parse_value(element, "") == (None, "")
    for wrong in ("31/02/2018", "2018-13-01", "demain", "5 janvier 2018"):
        with pytest.raises(ValueError, match="n'est pas une date"):
            parse_value(element, wrong)


def test_the_yes_no_milestone_is_still_read_as_oui_or_non(indicators):
    element = DataElement.objects.get(code="GRADES_DIRECTEUR")
    assert parse_value(element, "Oui") == (1.0, "")
    assert parse_value(element, "non") == (0.0, "")
    with pytest.raises(ValueError, match="n'est pas oui ou non"):
        parse_value(element, "peut-être")


def test_entry_saves_a_date_and_refuses_a_wrong_one_leaving_it_unchanged(world, setup_campaign):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    report = setup_campaign.reports.get(region=world.bfc.region)
    element = DataElement.objects.get(code="GRADES_CONV_SIGNEE_DATE")
    saved = save_value(
        acting_user=manager, report=report, element=element, raw="30/11/2017", comment="AG"
    )
    assert (saved.value.value, saved.value.text_value) == (None, "2017-11-30")
    with pytest.raises(ValidationError) as refused:
        save_value(acting_user=manager, report=report, element=element, raw="30/11/17x")
    assert "Convention signée (date) : « 30/11/17x » n'est pas une date" in str(refused.value)
    assert list(DataValue.objects.values_list("text_value", flat=True)) == ["2017-11-30"]


def test_an_import_stores_dates_and_names_the_line_of_a_wrong_one(world, setup_campaign):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    code = world.bfc.region.code
    header = "dataElement;option;orgUnit;period;value;comment\n"
    bad = header + (
        f"GRADES_FORME;;{code};2026S2;oui;\nGRADES_FORME_DATE;;{code};2026S2;2017-02-30;\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        import_values(
            acting_user=manager, campaign=setup_campaign, data=bad.encode(), file_format="csv"
        )
    problems = [(p.line, p.message) for p in rejected.value.problems]
    assert any(line == 3 and "« 2017-02-30 » n'est pas une date" in m for line, m in problems)
    assert not DataValue.objects.exists()
    good = header + (
        f"GRADES_FORME;;{code};2026S2;oui;\nGRADES_FORME_DATE;;{code};2026S2;28/02/2017;Statuts\n"
    )
    import_values(
        acting_user=manager, campaign=setup_campaign, data=good.encode(), file_format="csv"
    )
    assert sorted(
        DataValue.objects.values_list("data_element__code", "value", "text_value", "comment")
    ) == [("GRADES_FORME", 1.0, "", ""), ("GRADES_FORME_DATE", None, "2017-02-28", "Statuts")]
