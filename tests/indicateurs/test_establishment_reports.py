"""Datasets entered per establishment: one report per reporting organisation, entered by its
own people (or the region's GRADeS/ARS), validated by the ARS, accepted nationally."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.comptes.models import Role
from pilote.indicateurs import analytics, workflow
from pilote.indicateurs.imports import ImportRejected, import_values
from pilote.indicateurs.models import (
    DataElement,
    DataValue,
    Indicator,
    Level,
    RegionAggregate,
    Report,
)
from pilote.indicateurs.periods import parse
from pilote.indicateurs.values import save_value


def open_for(world, dataset):
    today = datetime.date.today()
    return workflow.open_campaign(
        acting_user=world.national_admin,
        dataset=dataset,
        period="2026S2",
        opens_on=today,
        deadline=today + datetime.timedelta(days=5),
        locks_on=today + datetime.timedelta(days=10),
    )


def by_establishment(dataset, organisations) -> None:
    """The dataset entered per establishment, by these ones."""
    dataset.level = Level.ORGANISATION
    dataset.save()
    dataset.organisations.set(organisations)


def test_an_establishment_reports_on_its_own_values(world, establishments):
    dataset, hospital, other, lyon = establishments
    dataset.level = Level.ORGANISATION
    dataset.save()
    with pytest.raises(ValidationError, match="désignez les structures déclarantes"):
        open_for(world, dataset)
    dataset.organisations.set([hospital, other, lyon])
    campaign = open_for(world, dataset)
    reports = {r.organisation: r for r in campaign.reports.all()}
    assert set(reports) == {hospital, other, lyon}
    assert reports[lyon].region == world.ara.region

    owner = world.bfc.users[Role.PROJECT_OWNER]  # a member of the BFC hospital
    assert set(Report.objects.visible_to(owner)) == {reports[hospital]}
    dmp = DataElement.objects.get(code="DMP_CREES")
    save_value(acting_user=owner, report=reports[hospital], element=dmp, raw="40")
    with pytest.raises(PermissionDenied):
        save_value(acting_user=owner, report=reports[other], element=dmp, raw="1")
    value = DataValue.objects.get()
    assert (value.organisation, value.territory, value.region) == (
        hospital,
        None,
        world.bfc.region,
    )
    # the region's GRADeS may enter for any establishment of its region
    save_value(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        report=reports[other],
        element=dmp,
        raw="2",
    )

    workflow.submit_report(acting_user=owner, report=reports[hospital])
    workflow.validate_report(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        report=reports[hospital],
        confirmation_reason="Remontée partielle",
    )
    workflow.accept_report(
        acting_user=world.national_admin,
        report=reports[hospital],
        confirmation_reason="Remontée partielle",
    )
    assert RegionAggregate.objects.get(region=world.bfc.region).total == 40  # not CH Dole's 2
    figures = workflow.completeness(campaign)
    assert (figures["expected"], figures["reported"]) == (3, 1)
    indicator = Indicator.objects.get(numerator=dmp)
    table = analytics.subregional_table([indicator], parse("2026S2"), world.bfc.region)
    assert table[(indicator.pk, world.bfc.departement.pk)] == 40


def test_an_establishment_imports_by_finess_number_only_for_itself(world, establishments):
    dataset, hospital, other, lyon = establishments
    by_establishment(dataset, [hospital, other])
    campaign = open_for(world, dataset)
    owner = world.bfc.users[Role.PROJECT_OWNER]
    data = (
        "dataElement;option;orgUnit;period;value;comment\n"
        "DMP_CREES;;210000001;2026S2;40;\n"
        "DMP_CREES;;390000001;2026S2;2;\n"
        f"DMP_CREES;;{world.bfc.region.code};2026S2;3;\n"
        "DMP_CREES;;690000001;2026S2;4;\n"
    ).encode()
    with pytest.raises(ImportRejected) as rejected:
        import_values(acting_user=owner, campaign=campaign, data=data, file_format="csv")
    messages = {p.line: p.message for p in rejected.value.problems}
    assert set(messages) == {3, 4, 5}
    assert "vous ne déclarez pas pour « 390000001 »" in messages[3]
    assert "se saisit par établissement" in messages[4]
    assert "ne déclare pas dans cette campagne" in messages[5]
    assert not DataValue.objects.exists()
    own = b"dataElement;option;orgUnit;period;value;comment\nDMP_CREES;;210000001;2026S2;40;\n"
    result = import_values(acting_user=owner, campaign=campaign, data=own, file_format="csv")
    value = DataValue.objects.get()
    assert value.report == campaign.reports.get(organisation=hospital)
    assert result.reports == [f"{hospital.name} (FINESS 210000001)"]  # named, site by site


def test_the_campaign_and_report_pages_name_the_establishments(client, world, establishments):
    from django.urls import reverse

    dataset, hospital, other, _lyon = establishments
    by_establishment(dataset, [hospital, other])
    campaign = open_for(world, dataset)
    client.force_login(world.national_admin)
    page = client.get(reverse("indicateurs:campaign", args=[campaign.pk])).content.decode()
    assert "CH Dole" in page and hospital.name in page and ">Structure<" in page
    client.force_login(world.bfc.users[Role.PROJECT_OWNER])
    own = campaign.reports.get(organisation=hospital)
    page = client.get(reverse("indicateurs:report", args=[own.pk])).content.decode()
    assert f"— {hospital.name}" in page and 'name="value"' in page  # the entry form
    other_report = campaign.reports.get(organisation=other)
    assert client.get(reverse("indicateurs:report", args=[other_report.pk])).status_code == 404


def test_an_element_is_collected_at_one_level_at_a_time(world, establishments, campaign):
    """The socle campaign collects DMP_CREES per region for 2026S2: collecting it per
    establishment for the same semester (or a year containing it) would count it twice."""
    dataset, hospital, _other, _lyon = establishments
    by_establishment(dataset, [hospital])
    with pytest.raises(
        ValidationError, match="déjà collectées au niveau « région » pour 2026S2"
    ) as e:
        open_for(world, dataset)
    assert "DMP_CREES, MSS_MESSAGES." in str(e.value)
    assert not dataset.campaigns.exists()
    today = datetime.date.today()
    later = workflow.open_campaign(
        acting_user=world.national_admin,
        dataset=dataset,
        period="2027S1",
        opens_on=today,
        deadline=today,
        locks_on=today,
    )
    assert later.reports.get().organisation == hospital


def test_an_establishments_template_shows_its_own_lines_and_what_it_entered(world, establishments):
    """The template of a campaign by establishment: one line per element for each
    establishment the user reports for, by FINESS number, with what it already entered."""
    import io

    from openpyxl import load_workbook

    from pilote.indicateurs.imports import xlsx_template

    dataset, hospital, other, _lyon = establishments
    by_establishment(dataset, [hospital, other])
    campaign = open_for(world, dataset)
    owner = world.bfc.users[Role.PROJECT_OWNER]
    report = campaign.reports.get(organisation=hospital)
    element = DataElement.objects.get(code="DMP_CREES")
    save_value(acting_user=owner, report=report, element=element, raw="40", comment="SIH")
    sheet = load_workbook(io.BytesIO(xlsx_template(campaign, owner))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[2] for r in rows} == {"210000001"}  # its own establishment only
    line = next(r for r in rows if r[0] == "DMP_CREES")
    assert (line[7], line[8], line[9]) == (hospital.name, 40, "SIH")
