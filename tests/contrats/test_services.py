"""The CPOM's write path: objectives measured by the indicator module, targets within the
contract's period, signed versions frozen, amendments as new versions with the old one kept;
achieved values from accepted data only, equal to the indicator module's."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.comptes.models import Role
from pilote.contrats import services
from pilote.contrats.achieved import achieved
from pilote.contrats.models import Cpom, CpomVersion, ObjectiveSource
from pilote.indicateurs import analytics
from pilote.indicateurs.models import DataElement, DataValue, Indicator
from pilote.indicateurs.periods import parse
from tests.contrats.conftest import bfc_cpom
from tests.factories import ProjectFactory

SIGNED = datetime.date(2025, 1, 15)


def test_it_records_the_cpom_with_history(cpom, officer):
    assert cpom.history.count() == 1
    assert cpom.history.first().history_user == officer
    version = cpom.latest_version()
    assert [o.title for o in version.objectives.all()] == [
        "Connecter les établissements à MSSanté",
        "Créer des DMP",
    ]
    assert {t.year: t.value for t in version.objectives.first().targets.all()} == {
        2025: 60.0,
        2026: 70.0,
        2027: 80.0,
    }


def test_achieved_values_equal_the_indicator_modules_on_accepted_data_only(
    world, cpom, accepted_2026
):
    mss, dmp = cpom.latest_version().objectives.all()
    region = world.bfc.region
    # the indicator: the dashboard's own value for the region at the latest accepted period
    expected = analytics.indicator_table(
        [Indicator.objects.get(code="IND_MSS_ES")], parse("2026S1"), region_ids=[region.pk]
    )[(mss.indicator_id, region.pk)]
    assert achieved(mss, 2026).value == expected == 75.0
    assert achieved(mss, 2026).period == "2026S1"  # 2026S2 is submitted, not accepted
    # the data element: the published value of the same cell
    published = (
        DataValue.objects.published()
        .get(
            data_element=DataElement.objects.get(code="DMP_CREES"),
            territory=region,
            organisation__isnull=True,
            period="2026S1",
        )
        .published
    )
    assert achieved(dmp, 2026).value == published == 1200.0
    assert achieved(dmp, 2025).value is None  # nothing accepted in 2025


def test_a_value_entered_but_not_accepted_never_counts(world, cpom, indicators):
    from tests.reporting import open_semester, submitted

    submitted(world.bfc, open_semester(world, "2026S1"), ES_TOTAL="40", DMP_CREES="5000")
    _mss, dmp = cpom.latest_version().objectives.all()
    assert achieved(dmp, 2026).value is None


def test_portfolio_objectives_count_the_operators_milestones_and_projects(
    world, officer, framework
):
    cpom = bfc_cpom(world, officer)
    version = cpom.latest_version()
    milestones = services.add_objective(
        acting_user=officer,
        version=version,
        title="Jalons",
        source=ObjectiveSource.MILESTONES,
        targets={2025: 2},
    )
    production = services.add_objective(
        acting_user=officer,
        version=version,
        title="Projets en production",
        source=ObjectiveSource.PRODUCTION,
        targets={2025: 1},
    )
    carried = ProjectFactory(
        region=world.bfc.region,
        moa=world.bfc.hospital,
        moa_delegate=world.bfc.grades,
        phase="production",
    )
    ProjectFactory(region=world.bfc.region, moa=world.bfc.hospital, phase="production")
    carried.milestones.create(
        title="Pilote", planned_on=datetime.date(2025, 3, 1), actual_on=datetime.date(2025, 4, 1)
    )
    carried.milestones.create(
        title="Généralisation", planned_on=datetime.date(2025, 9, 1), actual_on=None
    )
    today = datetime.date(2025, 10, 1)
    assert achieved(milestones, 2025, today).value == 1.0
    assert achieved(production, 2025, today).value == 1.0  # not the hospital's own project


def test_a_signed_version_is_frozen_and_an_amendment_keeps_it_readable(cpom, officer):
    version = cpom.latest_version()
    services.sign_version(
        acting_user=officer, version=version, signed_on=SIGNED, signatories="DG ARS\nDir GRADeS"
    )
    objective = version.objectives.first()
    with pytest.raises(ValidationError, match="avenant"):
        services.set_targets(acting_user=officer, objective=objective, targets={2026: 90})
    amendment = services.amend(acting_user=officer, cpom=cpom, reason="Cible MSS relevée")
    assert amendment.number == 2 and str(amendment) == "Avenant n° 1"
    copied = amendment.objectives.get(position=1)
    services.set_targets(acting_user=officer, objective=copied, targets={2026: 90})
    services.sign_version(
        acting_user=officer, version=amendment, signed_on=SIGNED, signatories="DG ARS"
    )
    targets = lambda v: {t.year: t.value for t in v.objectives.get(position=1).targets.all()}  # noqa: E731
    assert targets(CpomVersion.objects.get(pk=version.pk))[2026] == 70.0  # as signed
    assert targets(amendment)[2026] == 90.0
    assert cpom.current_version() == amendment
    assert copied.targets.get(year=2026).history.count() == 2


def test_it_refuses_targets_outside_the_period_and_changes_nothing(cpom, officer):
    version = cpom.latest_version()
    with pytest.raises(ValidationError) as refusal:
        services.add_objective(
            acting_user=officer,
            version=version,
            title="Hors période",
            source=ObjectiveSource.DATA_ELEMENT,
            data_element=DataElement.objects.get(code="ES_TOTAL"),
            targets={2024: 1, 2025: 2},
        )
    assert "2024 est hors de la période du contrat (2025–2027)" in str(refusal.value)
    assert version.objectives.count() == 2


def test_an_objective_names_its_measure(cpom, officer):
    with pytest.raises(ValidationError, match="indicateur"):
        services.add_objective(
            acting_user=officer,
            version=cpom.latest_version(),
            title="Sans mesure",
            source=ObjectiveSource.INDICATOR,
            targets={},
        )


@pytest.mark.parametrize("role", [Role.GRADES_MANAGER, Role.ARS_READER])
def test_only_the_ars_writes_the_cpom(world, role, indicators):
    with pytest.raises(PermissionDenied):
        services.create_cpom(
            acting_user=world.bfc.users[role],
            region=world.bfc.region,
            operator=world.bfc.grades,
            title="CPOM",
            start_year=2025,
            end_year=2027,
        )
    assert not Cpom.objects.exists()


def test_the_other_regions_officer_may_not_write_it(world, cpom):
    with pytest.raises(PermissionDenied):
        services.amend(acting_user=world.ara.users[Role.ARS_OFFICER], cpom=cpom, reason="x")


def test_the_operator_belongs_to_the_region(world, officer):
    with pytest.raises(ValidationError, match="pas une structure de la région"):
        services.create_cpom(
            acting_user=officer,
            region=world.bfc.region,
            operator=world.ara.grades,
            title="CPOM",
            start_year=2025,
            end_year=2027,
        )


def test_the_dialogue_records_actions_and_their_status(cpom, officer):
    dialogue = services.record_dialogue(
        acting_user=officer, cpom=cpom, year=2025, comments="Bon démarrage", decisions="Relever"
    )
    action = services.add_action(acting_user=officer, dialogue=dialogue, title="Plan MSS")
    services.set_action_status(acting_user=officer, action=action, status="realisee")
    action.refresh_from_db()
    assert action.get_status_display() == "Réalisée"
    assert action.history.count() == 2
    with pytest.raises(ValidationError, match="hors de la période"):
        services.record_dialogue(acting_user=officer, cpom=cpom, year=2030)


def test_projects_in_production_of_a_past_year_come_from_the_projects_history(
    world, officer, framework
):
    cpom = bfc_cpom(world, officer)
    production = services.add_objective(
        acting_user=officer,
        version=cpom.latest_version(),
        title="Projets en production",
        source=ObjectiveSource.PRODUCTION,
        targets={},
    )
    ProjectFactory(
        region=world.bfc.region, moa=world.bfc.grades, phase="production"
    )  # created today: not in production at the end of last year
    today = datetime.date.today()
    assert achieved(production, today.year, today).value == 1.0
    assert achieved(production, today.year - 1, today).value == 0.0
    assert achieved(production, today.year + 1, today).value is None
