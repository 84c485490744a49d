"""Values are bounded by type and finite, wherever they come from (entry form, file imports,
API); roll-ups never become infinite, even over values stored before the bounds."""

import json
import math

import pytest
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs import analytics
from pilote.indicateurs.imports import ImportRejected, import_values
from pilote.indicateurs.models import DataElement, DataValue, Indicator, ValueType
from pilote.indicateurs.periods import parse
from pilote.indicateurs.values import parse_value

LIMIT = "1\u202f000\u202f000\u202f000\u202f000"


def values():
    return sorted(DataValue.objects.values_list("data_element__code", "value"))


def test_it_refuses_counts_above_the_bound_naming_each_value(world, campaign):
    manager = world.bfc.users[Role.GRADES_MANAGER]
    code = world.bfc.region.code
    header = "dataElement;option;orgUnit;period;value;comment\n"
    lines = [
        f"DMP_CREES;;{code};2026S2;1e308;",
        f"MSS_MESSAGES;;{code};2026S2;99999999999999999999;",
        f"ES_TOTAL;;{code};2026S2;1000000000001;",
        f"ROR_DECRITS;;{code};2026S2;-Infinity;",
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_values(
            acting_user=manager,
            campaign=campaign,
            data=(header + "\n".join(lines)).encode(),
            file_format="csv",
        )
    assert [(p.line, p.column, p.message) for p in rejected.value.problems] == [
        (2, "value", f"« 1e308 » dépasse la valeur maximale admise ({LIMIT})"),
        (3, "value", f"« 99999999999999999999 » dépasse la valeur maximale admise ({LIMIT})"),
        (4, "value", f"« 1000000000001 » dépasse la valeur maximale admise ({LIMIT})"),
        (5, "value", "« -Infinity » : un effectif ne peut pas être négatif"),
    ]
    assert values() == []
    at_bound = f"{header}ES_TOTAL;;{code};2026S2;{10**12};\n".encode()
    import_values(acting_user=manager, campaign=campaign, data=at_bound, file_format="csv")
    assert values() == [("ES_TOTAL", 10**12)]


def test_the_entry_form_and_the_api_refuse_a_value_above_the_bound(client, world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    element = DataElement.objects.get(code="ES_TOTAL")
    save = reverse("indicateurs:value_save", args=[report.pk])
    client.post(save, {"element": element.pk, "value": "12"}, HTTP_HX_REQUEST="true")
    refused = client.post(save, {"element": element.pk, "value": "1e308"}, HTTP_HX_REQUEST="true")
    assert f"« 1e308 » dépasse la valeur maximale admise ({LIMIT})" in refused.content.decode()
    body = {
        "dataValues": [
            {"dataElement": "DMP_CREES", "orgUnit": world.bfc.region.code, "period": "2026S2"}
        ]
    }
    body["dataValues"][0]["value"] = 1e308
    response = client.post(
        f"/api/v1/indicators/campaigns/{campaign.pk}/datavaluesets",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["problems"] == [
        "ligne 1, colonne « valeur (value) » : « 1e+308 » dépasse la valeur maximale admise "
        f"({LIMIT})"
    ]
    assert values() == [("ES_TOTAL", 12)]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1e13", f"« 1e13 » dépasse la valeur maximale admise ({LIMIT})"),
        ("-1e13", f"« -1e13 » dépasse la valeur maximale admise ({LIMIT})"),
        ("inf", f"« inf » dépasse la valeur maximale admise ({LIMIT})"),
        ("NaN", "« NaN » n'est pas un nombre"),
    ],
)
def test_a_number_is_finite_and_bounded_both_ways(raw, message):
    element = DataElement(code="BUDGET", value_type=ValueType.NUMBER)
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse_value(element, raw)
    assert parse_value(element, "-1 234,5") == (-1234.5, "")


def test_a_roll_up_never_becomes_infinite(world, indicators):
    """Two values of 1e308 stored before the bounds: each region shows its own, the nation's
    sum would overflow and shows none rather than infinity."""
    element = DataElement.objects.get(code="DMP_CREES")
    regions = [world.bfc.region, world.ara.region]
    for region in regions:
        DataValue.objects.create(
            data_element=element,
            territory=region,
            region=region,
            period="2024S2",
            value=1e308,
            accepted_value=1e308,
        )
    analytics.refresh_aggregates(region_ids=[r.pk for r in regions], periods=["2024S2"])
    indicator = Indicator.objects.get(code="IND_DMP_CREES")
    table = analytics.indicator_table([indicator], parse("2024S2"))
    assert table[(indicator.pk, world.bfc.region.pk)] == 1e308
    assert table[(indicator.pk, analytics.NATION)] is None
    assert not any(v is not None and math.isinf(v) for v in table.values())
