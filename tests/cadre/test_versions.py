import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.cadre import services
from pilote.cadre.models import (
    ChangeAction,
    Component,
    FrameworkVersion,
    RequestStatus,
    SocleService,
)
from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role


def test_the_2016_version_ships_as_reference_data(framework):
    assert framework.is_frozen
    assert set(framework.socle_services.values_list("code", flat=True)) >= {
        "MSSANTE",
        "DMP",
        "DP",
        "DCC",
        "PACS",
        "ROR",
        "ORIENTATION",
        "ANRCP",
        "TELEMEDECINE",
    }
    assert framework.principles.count() == 14
    assert framework.referentiels.filter(code="CI-SIS").exists()
    assert services.load_framework_2016(acting_user=SYSTEM) == framework  # idempotent
    assert FrameworkVersion.objects.count() == 1


def test_a_published_version_is_frozen(world, framework):
    admin = world.national_admin
    mss = framework.socle_services.get(code="MSSANTE")
    with pytest.raises(services.FrameworkFrozen, match="La version 2016 est publiée"):
        services.update_item(acting_user=admin, item=mss, values={"name": "Autre"})
    with pytest.raises(services.FrameworkFrozen):
        services.remove_item(acting_user=admin, item=mss)
    assert SocleService.objects.get(pk=mss.pk).name.startswith("Messagerie")


def test_the_next_version_starts_as_a_copy_and_is_editable_until_published(world, framework):
    admin = world.national_admin
    v2017 = services.create_next_version(acting_user=admin, source=framework)
    assert (v2017.year, v2017.based_on, v2017.is_frozen) == (2017, framework, False)
    assert v2017.socle_services.count() == framework.socle_services.count()
    mss = v2017.socle_services.get(code="MSSANTE")
    services.update_item(acting_user=admin, item=mss, values={"national_owner": "ANS"})
    services.publish_version(acting_user=admin, version=v2017)
    with pytest.raises(services.FrameworkFrozen):
        services.update_item(acting_user=admin, item=mss, values={"national_owner": "X"})
    assert FrameworkVersion.objects.in_force() == v2017
    assert FrameworkVersion.objects.in_force(2016) == framework
    assert framework.socle_services.get(code="MSSANTE").national_owner == "ASIP Santé"


def test_only_national_administrators_edit_the_framework(world, framework):
    with pytest.raises(PermissionDenied):
        services.create_next_version(
            acting_user=world.bfc.users[Role.ARS_OFFICER], source=framework
        )


def test_the_evolution_cycle_feeds_the_next_version(world, framework):
    admin = world.national_admin
    request = services.submit_evolution(
        acting_user=world.bfc.users[Role.ARS_OFFICER],
        title="Ajouter les outils de coordination",
        rationale="Expérimentations TSN et PAERPA concluantes",
        component=Component.SOCLE,
        action=ChangeAction.ADD,
        target_code="COORDINATION",
        proposed_name="Outils de coordination des parcours (e-parcours)",
        proposed_category="coordination",
        origin_label="ARS Bourgogne-Franche-Comté",
    )
    refused = services.submit_evolution(
        acting_user=world.ara.users[Role.GRADES_MANAGER],
        title="Retirer l'ANRCP",
        rationale="Peu utilisé",
        component=Component.SOCLE,
        action=ChangeAction.REMOVE,
        target_code="ANRCP",
    )
    with pytest.raises(ValidationError, match="instruite par le comité opérationnel"):
        services.decide_evolution(acting_user=admin, request=request, validated=True, decision="x")
    services.examine_evolution(acting_user=admin, request=request, opinion="Favorable")
    services.decide_evolution(
        acting_user=admin,
        request=request,
        validated=True,
        decision="Validé en comité stratégique du 5/12/2016",
    )
    services.examine_evolution(acting_user=admin, request=refused, opinion="Défavorable")
    services.decide_evolution(
        acting_user=admin, request=refused, validated=False, decision="L'ANRCP reste nécessaire"
    )
    v2017 = services.create_next_version(acting_user=admin, source=framework)
    assert v2017.socle_services.get(code="COORDINATION").purpose == "coordination"
    assert v2017.socle_services.filter(code="ANRCP").exists()
    request.refresh_from_db()
    assert (request.status, request.applied_in) == (RequestStatus.APPLIED, v2017)
    refused.refresh_from_db()
    assert refused.status == RequestStatus.REFUSED and refused.applied_in is None


def test_the_diff_shows_what_changed(world, framework):
    admin = world.national_admin
    v2017 = services.create_next_version(acting_user=admin, source=framework)
    services.update_item(
        acting_user=admin,
        item=v2017.referentiels.get(code="HDS"),
        values={"availability": "Certification HDS (2018)"},
    )
    services.remove_item(acting_user=admin, item=v2017.socle_services.get(code="ANRCP"))
    services.add_item(
        acting_user=admin,
        version=v2017,
        component=Component.SOCLE,
        values={
            "code": "COORDINATION",
            "name": "Outils de coordination",
            "purpose": "coordination",
        },
    )
    diff = {d.component: d for d in services.diff_versions(framework, v2017)}
    socle = diff[Component.SOCLE]
    assert [i.code for i in socle.added] == ["COORDINATION"]
    assert [i.code for i in socle.removed] == ["ANRCP"]
    hds = diff[Component.REFERENTIEL].changed
    assert [(i.code, i.changes[0][0], i.changes[0][2]) for i in hds] == [
        ("HDS", "disponibilité", "Certification HDS (2018)")
    ]
    assert diff[Component.PRINCIPLE].is_empty
