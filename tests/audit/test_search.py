"""The audit search: every object's history across apps, who/when/before → after, filtered."""

import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.urls import reverse

from pilote.acteurs.models import Function, Organisation
from pilote.acteurs.services import add_person_with_function, update_organisation
from pilote.audit.search import (
    PAGE_SIZE,
    AuditFilters,
    AuditSearch,
    history_models,
    object_types,
    region_paths,
    type_label,
)
from pilote.cadre.models import SocleService
from pilote.comptes.models import Membership, Role, User
from pilote.portefeuille import services as portfolio
from pilote.portefeuille.models import Document, Milestone, Programme, Project, Strategy
from pilote.territoires.models import Territory
from tests.audit.scenario import interleaved_changes
from tests.factories import OrganisationFactory, ProjectFactory

PARIS = ZoneInfo("Europe/Paris")


def page(client, **params):
    response = client.get(reverse("audit:search"), params)
    assert response.status_code == 200
    return response


def entries(client, **params):
    return list(page(client, **params).context["page_obj"])


def described(entry) -> set[tuple[str, str, str]]:
    return {(c.label, str(c.before), str(c.after)) for c in entry.changes}


def test_a_renamed_organisation_and_a_changed_project_show_who_when_and_before_after(
    client, world, changes
):
    client.force_login(world.national_admin)
    response = page(client)
    shown = list(response.context["page_obj"])
    rename = next(e for e in shown if e.object_label == "CH Dijon Bourgogne")
    officer = changes.bfc_officer
    assert rename.user_name == officer.get_full_name()
    assert rename.user_email == officer.email
    assert rename.object_type == "Structure"
    assert rename.kind == "Modification"
    assert rename.object_url == reverse("acteurs:detail", args=[changes.hospital.pk])
    assert described(rename) == {("Raison sociale", changes.old_name, "CH Dijon Bourgogne")}
    recorded = changes.hospital.history.filter(history_type="~").get()
    assert rename.date == recorded.history_date

    project_entries = [e for e in shown if e.object_type == "Projet" and e.kind == "Modification"]
    assert {tuple(described(e)) for e in project_entries} == {
        (("Intitulé", "ROR BFC", "Répertoire opérationnel BFC"),),
        (("Services du socle", "—", "Répertoire opérationnel des ressources (ROR)"),),
    }
    assert all(e.user_email == officer.email for e in project_entries)
    html = response.content.decode()
    assert "CH Dijon Bourgogne</a>" in html and officer.email in html
    assert f"{changes.old_name} → CH Dijon Bourgogne" in html


def test_entries_are_newest_first_and_name_the_system_when_no_account_changed(
    client, world, changes
):
    client.force_login(world.national_admin)
    shown = entries(client)
    dates = [e.date for e in shown]
    assert dates == sorted(dates, reverse=True)
    organisations = entries(client, object_type="acteurs.organisation")
    created = next(e for e in organisations if e.object_label == "GRADeS Bourgogne-Franche-Comté")
    assert created.kind == "Création"
    assert created.user_name == "Système (import ou chargement)" and created.user_email == ""


def test_the_reason_of_a_change_is_shown(client, world, bfc_project):
    officer = world.bfc.users[Role.ARS_OFFICER]
    milestone = Milestone(title="Mise en production", planned_on=datetime.date(2026, 9, 1))
    portfolio.save_child(
        acting_user=officer, project=bfc_project, child=milestone, reason="Comité du 3 mars"
    )
    client.force_login(world.national_admin)
    entry = next(e for e in entries(client) if e.object_label == "Mise en production")
    assert (entry.kind, entry.reason) == ("Création", "Comité du 3 mars")


def test_filtering_by_user_keeps_only_that_accounts_changes(client, world, changes):
    client.force_login(world.national_admin)
    by_email = entries(client, user=changes.bfc_officer.email.upper())
    assert {e.user_email for e in by_email} == {changes.bfc_officer.email}
    assert {e.object_label for e in by_email} == {"CH Dijon Bourgogne", str(changes.project)}
    by_name = entries(client, user=changes.ara_officer.last_name)
    assert [e.object_label for e in by_name] == ["CH Lyon Sud"]
    system = entries(client, user="système")
    assert system and {e.user_email for e in system} == {""}
    assert entries(client, user="personne@ailleurs.fr") == []


def test_filtering_by_object_type(client, world, changes):
    client.force_login(world.national_admin)
    shown = entries(client, object_type="portefeuille.project")
    assert shown and {e.object_type for e in shown} == {"Projet"}
    assert len(shown) == changes.project.history.count()


def test_filtering_by_region_leaves_out_the_other_regions_changes(client, world, changes):
    person_function = add_person_with_function(
        acting_user=changes.bfc_officer,
        organisation=changes.hospital,
        person_values={"first_name": "Jeanne", "last_name": "Martin"},
        title="Directrice",
    )
    client.force_login(world.national_admin)
    ara = entries(client, region=world.ara.region.code)
    labels = {e.object_label for e in ara}
    assert "CH Lyon Sud" in labels
    assert "CH Dijon Bourgogne" not in labels
    assert str(changes.project) not in labels
    assert str(person_function) not in labels
    bfc = entries(client, region=world.bfc.region.code)
    labels = {e.object_label for e in bfc}
    assert {"CH Dijon Bourgogne", str(changes.project), str(person_function)} <= labels
    assert "CH Lyon Sud" not in labels
    # territories, accounts and the cadre commun are national: in no region's results
    for national in ("territoires.territory", "comptes.user", "cadre.socleservice"):
        assert entries(client, object_type=national)
        assert entries(client, object_type=national, region=world.bfc.region.code) == []


def test_a_former_region_merged_into_the_chosen_one_belongs_to_it(client, world, changes):
    burgundy = Territory.objects.create(
        level="region",
        code="26",
        name="Bourgogne",
        valid_to=datetime.date(2015, 12, 31),
        successor=world.bfc.region,
    )
    OrganisationFactory(name="CH Auxerre", departement=world.bfc.departement, region=burgundy)
    client.force_login(world.national_admin)
    assert "CH Auxerre" in {e.object_label for e in entries(client, region=world.bfc.region.code)}
    assert "CH Auxerre" not in {
        e.object_label for e in entries(client, region=world.ara.region.code)
    }


def test_filtering_by_date_range_includes_whole_days_in_french_time(client, world, changes):
    renamed = changes.hospital.history.filter(history_type="~")
    renamed.update(history_date=datetime.datetime(2025, 3, 31, 23, 30, tzinfo=PARIS))
    changes.project.history.filter(history_type="~").update(
        history_date=datetime.datetime(2025, 4, 1, 0, 10, tzinfo=PARIS)
    )
    client.force_login(world.national_admin)
    march = entries(client, date_from="2025-03-01", date_to="2025-03-31")
    assert [e.object_label for e in march] == ["CH Dijon Bourgogne"]
    april = entries(client, date_from="2025-04-01", date_to="2025-04-01")
    assert {e.object_type for e in april} == {"Projet"} and len(april) == 2
    assert entries(client, date_to="2025-02-28") == []
    response = page(client, date_from="2025-04-02", date_to="2025-04-01")
    assert "La date de fin précède la date de début." in response.content.decode()


def test_every_historical_table_of_the_database_is_an_object_type(client, world):
    """The types are derived from django-simple-history's registrations: every history table
    the migrations created (m2m history tables aside) is searchable, with its French name."""
    tables = {
        t
        for t in connection.introspection.table_names()
        if "_historical" in t and not any(t.endswith(f"_{f}") for f in _m2m_suffixes())
    }
    assert {m.history.model._meta.db_table for m in history_models()} == tables
    assert len(tables) >= 30
    offered = dict(object_types())
    assert offered["acteurs.organisation"] == "Structure"
    assert offered["indicateurs.datavalue"] == "Valeur"
    client.force_login(world.national_admin)
    choices = dict(page(client).context["form"].fields["object_type"].choices)
    assert set(choices) - {""} == {m._meta.label_lower for m in history_models()}


def _m2m_suffixes():
    return {f.name for m in history_models() for f in m.history.model._history_m2m_fields}


def test_each_model_finds_its_region_through_the_first_link_it_has():
    assert region_paths(Organisation) == ("region",)
    assert region_paths(Project) == ("region",)
    assert region_paths(Function) == ("organisation__region",)
    assert region_paths(Membership) == ("organisation__region",)
    assert region_paths(Milestone) == ("project__region",)
    assert region_paths(Programme) == ("strategy__region",)
    # a document belongs to a project or, failing that, to a strategy
    assert region_paths(Document) == ("project__region", "strategy__region")
    assert region_paths(Territory) == region_paths(User) == region_paths(SocleService) == ()


def test_a_strategy_document_belongs_to_the_strategy_region(world):
    strategy = Strategy.objects.create(
        region=world.ara.region, title="PRS numérique", start_year=2023, end_year=2027
    )
    Document.objects.create(strategy=strategy, kind="strategie", title="Feuille de route ARA")
    ara = AuditSearch(AuditFilters(region=world.ara.region, object_type="portefeuille.document"))
    bfc = AuditSearch(AuditFilters(region=world.bfc.region, object_type="portefeuille.document"))
    assert [e.object_label for e in ara[0:10]] == ["Feuille de route ARA"]
    assert bfc.count() == 0 and bfc[0:10] == []


def test_a_deleted_object_keeps_its_name_and_loses_its_link(client, world, bfc_project):
    officer = world.bfc.users[Role.ARS_OFFICER]
    milestone = portfolio.save_child(
        acting_user=officer,
        project=bfc_project,
        child=Milestone(title="Recette", planned_on=datetime.date(2026, 5, 1)),
    )
    portfolio.delete_child(acting_user=officer, child=milestone)
    client.force_login(world.national_admin)
    deleted = entries(client, object_type="portefeuille.milestone")[0]
    assert (deleted.kind, deleted.object_label, deleted.object_url) == (
        "Suppression",
        "Recette",
        "",
    )
    assert deleted.user_email == officer.email


def test_pages_merge_every_table_in_date_order_without_gaps_or_repeats(world):
    project = ProjectFactory(region=world.bfc.region, moa=world.bfc.hospital)
    interleaved_changes(world, project, 40)
    search = AuditSearch(AuditFilters())
    expected = sorted(
        ((r.history_date, type_label(m)) for m in history_models() for r in m.history.all()),
        reverse=True,
    )
    assert search.count() == len(expected) > 2 * PAGE_SIZE
    paged = []
    for start in range(0, search.count(), PAGE_SIZE):
        paged += [(e.date, e.object_type) for e in search[start : start + PAGE_SIZE]]
    assert paged == expected


def test_the_second_page_continues_the_first(client, world):
    project = ProjectFactory(region=world.bfc.region, moa=world.bfc.hospital)
    interleaved_changes(world, project, 40)
    client.force_login(world.national_admin)
    first, second = entries(client), entries(client, page=2)
    assert len(first) == PAGE_SIZE
    assert first[-1].date > second[0].date
    html = page(client, page=2).content.decode()
    assert 'aria-current="page"' in html and "fr-pagination" in html


def test_the_page_runs_a_bounded_number_of_queries(
    client, world, bfc_project, framework, django_assert_max_num_queries, kept_todo_badge
):
    officer = world.bfc.users[Role.ARS_OFFICER]
    socle = list(framework.socle_services.all())
    for i in range(30):
        update_organisation(
            acting_user=officer, organisation=world.bfc.hospital, values={"phone": f"03{i:08d}"}
        )
        portfolio.update_project(
            acting_user=officer,
            project=bfc_project,
            values={
                "title": f"ROR BFC {i}",
                "moa": world.bfc.grades if i % 2 else world.bfc.hospital,
            },
            socle_services=socle[i % 3 : i % 3 + 2],
        )
        add_person_with_function(
            acting_user=officer,
            organisation=world.bfc.hospital,
            person_values={"first_name": "Agent", "last_name": f"N{i}"},
            title="Chef de projet",
        )
    client.force_login(world.national_admin)
    entries(client)  # the header's count of tasks, then kept (kept_todo_badge)
    for params in ({}, {"page": 3}, {"region": world.bfc.region.code, "user": "agent"}):
        with django_assert_max_num_queries(30):
            shown = entries(client, **params)
        assert len(shown) == PAGE_SIZE
    moa = ("Maîtrise d'ouvrage (MOA)", str(world.bfc.hospital), str(world.bfc.grades))
    assert any(moa in described(e) for e in entries(client, object_type="portefeuille.project"))
