"""The acceptance test of issue 14: a grid of twenty operators over two years imported, then
the synthesis page, its XLSX export and the API checked against figures computed by hand."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from pilote.acteurs.models import OrganisationType
from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.enquete import services
from pilote.enquete.imports import import_survey
from pilote.enquete.synthesis import per_inhabitant
from pilote.territoires.models import Territory
from tests.factories import OrganisationFactory, user_with_role

HEADER = (
    "annee;territoire;operateur;etp_total;budget_fonctionnement;budget_investissement;"
    "budget_total;population_reference"
)
# the twenty regions of 2011 surveyed; operator i (1…20) is on CODES[i - 1]
CODES = [
    "11",
    "21",
    "22",
    "23",
    "24",
    "25",
    "26",
    "31",
    "41",
    "42",
    "43",
    "52",
    "53",
    "54",
    "72",
    "73",
    "74",
    "82",
    "83",
    "93",
]
MILLION = 1_000_000


def lines() -> list[str]:
    out = []
    for i, code in enumerate(CODES, start=1):
        # 2011: ETP i (operator 20 unknown); budget i × 100 000 (operator 19 split into
        # 1 000 000 + 900 000, operator 20 unknown); population of reference 1 000 000,
        # except Bourgogne (26) and Franche-Comté (43): their territory's population
        etp = "" if i == 20 else str(i)
        if i == 19:
            budget = "1000000;900000;"
        elif i == 20:
            budget = ";;"
        else:
            budget = f";;{i * 100_000}"
        population = "" if code in ("26", "43") else str(MILLION)
        out.append(f"2011;{code};MOAR {i};{etp};{budget};{population}")
    for i, code in enumerate(CODES[:10], start=1):
        # 2009: the first ten operators, ETP i (written with a decimal comma), budget i × 50 000
        out.append(f"2009;{code};MOAR {i};{i},0;;;{i * 50_000};{MILLION}")
    return out


@pytest.fixture
def imported(reference):
    campaign = services.create_campaign(
        acting_user=SYSTEM, name="État des lieux 2012", years=[2009, 2011]
    )
    data = "\n".join([HEADER, *lines()]).encode()
    outcome = import_survey(data, acting_user=SYSTEM, campaign=campaign)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert outcome.created == 30
    return campaign


@pytest.fixture
def admin(reference):
    national = OrganisationFactory(
        name="Agence nationale",
        type=OrganisationType.ORGANISME_NATIONAL,
        departement=Territory.objects.departements().get(code="75"),
    )
    return user_with_role(Role.NATIONAL_ADMIN, national)


def population(code: str) -> int:
    return Territory.objects.regions().get(code=code, valid_to__year=2015).population


def test_synthesis_page_xlsx_and_api_match_the_hand_computation(client, imported, admin):
    bourgogne, franche_comte = population("26"), population("43")
    client.force_login(admin)
    page = client.get(f"/enquete/{imported.pk}/synthese/").content.decode()
    # 2011: ETP 1 + … + 19 = 190 over 19 known → mean 10; budget 100 000 × (1 + … + 18)
    # + 1 900 000 = 19 000 000 over 19 known → mean 1 000 000 (operator 20 not counted)
    assert "190,00" in page and "10,00" in page
    assert "19\u202f000\u202f000,00\u00a0€" in page and "1\u202f000\u202f000,00\u00a0€" in page
    # 2009: ETP 55, mean 5,50; budget 2 750 000, mean 275 000
    assert 'aria-label="Budget par habitant, par territoire' in page  # the chart, as SVG
    assert "55,00" in page and "5,50" in page and "275\u202f000,00\u00a0€" in page
    # growth: ETP 55 → 190 = +245,5 %; budget 2,75 M → 19 M = +590,9 %
    assert "ETP +245,5 %, budget total +590,9 %" in page

    book = load_workbook(BytesIO(client.get(f"/enquete/{imported.pk}/synthese.xlsx").content))
    totals = [list(r) for r in book["Totaux et moyennes"].iter_rows(min_row=2, values_only=True)]
    assert totals == [
        [2009, 10, 55, 10, 5.5, 2_750_000, 10, 275_000, None, None],
        [2011, 20, 190, 19, 10, 19_000_000, 19, 1_000_000, 1_000_000, 900_000],
    ]
    risks = list(book["Risques"].iter_rows(values_only=True))
    assert risks[0][:2] == ("Année", "Risque")
    assert {r[0] for r in risks[1:]} == {2011}  # the latest year's risks, as on the page
    bands = [list(r) for r in book["Tranches d'effectifs"].iter_rows(min_row=2, values_only=True)]
    # 2011: 1–4 → [0, 5); 5–9 → [5, 10); 10–19 → [10, 20); none ≥ 20; one unknown
    assert bands == [[2009, 4, 5, 1, 0, 0], [2011, 4, 5, 10, 0, 1]]
    ranking = [
        r for r in book["Par habitant"].iter_rows(min_row=2, values_only=True) if r[0] == 2011
    ]
    # operator 19 (Auvergne, 1 900 000 € for 1 000 000) first at 1,90 €, then 18 (1,80 €)…
    assert [r[1:4] for r in ranking[:2]] == [(1, "83", "Auvergne"), (2, "82", "Rhône-Alpes")]
    assert [r[8] for r in ranking[:2]] == [1.9, 1.8]
    assert ranking[-1][2] == "93" and ranking[-1][8] is None  # operator 20: budget unknown
    by_code = {r[2]: r for r in ranking}
    assert by_code["26"][7] == bourgogne  # no population of reference: the territory's
    assert Decimal(str(by_code["26"][8])) == (Decimal(700_000) / bourgogne).quantize(
        Decimal("0.01")
    )
    per_rank = [r[8] for r in ranking if r[8] is not None]
    assert per_rank == sorted(per_rank, reverse=True)
    # roll-up: Bourgogne (700 000 €) + Franche-Comté (1 100 000 €) → Bourgogne-Franche-Comté
    regions = {
        r[2]: r
        for r in book["Régions actuelles"].iter_rows(min_row=2, values_only=True)
        if r[0] == 2011
    }
    assert regions["27"][5:8] == (18, 1_800_000, bourgogne + franche_comte)
    assert regions["27"][8] == float(per_inhabitant(Decimal(1_800_000), bourgogne + franche_comte))

    campaigns = client.get("/api/v1/survey/campaigns").json()
    assert [(c["id"], c["name"]) for c in campaigns] == [(imported.pk, "État des lieux 2012")]
    body = client.get(f"/api/v1/survey/campaigns/{imported.pk}/synthesis").json()
    year_2011 = body["years"][1]
    assert (year_2011["year"], year_2011["etp_total"], year_2011["budget_mean"]) == (
        2011,
        "190.00",
        "1000000.00",
    )
    first = year_2011["territories"][0]
    assert first == {
        "code": "83",
        "name": "Auvergne",
        "region": "Auvergne-Rhône-Alpes",
        "etp_total": "19.00",
        "budget_total": "1900000.00",
        "population": MILLION,
        "budget_per_inhabitant": "1.90",
    }


def test_a_regional_role_reads_its_own_region_only(client, imported, reference):
    region = Territory.objects.current().regions().get(code="27")
    grades = OrganisationFactory(
        type=OrganisationType.GRADES, departement=region.children.order_by("code").first()
    )
    client.force_login(user_with_role(Role.GRADES_MANAGER, grades))
    body = client.get(f"/api/v1/survey/campaigns/{imported.pk}/synthesis").json()
    codes = {t["code"] for y in body["years"] for t in y["territories"]}
    assert codes == {"26", "43"}
    grids = client.get(f"/api/v1/survey/campaigns/{imported.pk}/grids").json()
    assert {g["region"] for g in grids} == {"27"}
