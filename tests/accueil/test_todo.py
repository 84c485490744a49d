"""Each user's "À faire": what awaits their decision or their entry, with a link, in their own
scope; the header shows the count; a bounded number of queries, once per request."""

import datetime

from django.test import RequestFactory
from django.urls import reverse

from pilote.accueil.todo import todo_for
from pilote.comptes.models import Role
from pilote.indicateurs import workflow
from pilote.portefeuille import services as portfolio
from pilote.portefeuille.models import Milestone, Phase
from tests.factories import ProjectFactory
from tests.reporting import PARTIAL, submitted


def tasks(user) -> dict[str, list[str]]:
    request = RequestFactory().get("/")
    request.user = user
    return {s.key: [t.label for t in s.tasks] for s in todo_for(request)}


def late_milestone(project, title="Mise en production", days=20):
    return Milestone.objects.create(
        project=project,
        title=title,
        planned_on=datetime.date.today() - datetime.timedelta(days=days),
    )


def test_the_ars_officer_sees_what_awaits_their_decision_in_their_region_only(
    world, campaign, bfc_project
):
    submitted(world.bfc, campaign)
    submitted(world.ara, campaign)
    portfolio.request_gate(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        project=bfc_project,
        to_phase=Phase.OPPORTUNITE,
    )
    late_milestone(bfc_project)
    ara_project = ProjectFactory(region=world.ara.region, moa=world.ara.hospital)
    late_milestone(ara_project, "Jalon d'une autre région")
    todo = tasks(world.bfc.users[Role.ARS_OFFICER])
    assert todo == {
        "gates": [str(bfc_project)],
        "validate": [f"{campaign.name} — {world.bfc.region.name}"],
        "milestones": [f"{bfc_project.code} — Mise en production"],
    }


def test_the_grades_manager_is_asked_to_enter_and_reminded_of_the_deadline(
    world, campaign, bfc_project
):
    portfolio.request_gate(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        project=bfc_project,
        to_phase=Phase.OPPORTUNITE,
    )
    late_milestone(bfc_project)
    todo = tasks(world.bfc.users[Role.GRADES_MANAGER])
    # their own gate request is not theirs to decide; the delegated MOA edits the project
    assert todo == {
        "enter": [f"{campaign.name} — {world.bfc.region.name}"],
        "campaigns": [campaign.name],
        "milestones": [f"{bfc_project.code} — Mise en production"],
    }
    # a report sent back is to enter again; a submitted one is not
    report = submitted(world.bfc, campaign)
    assert "enter" not in tasks(world.bfc.users[Role.GRADES_MANAGER])
    workflow.return_report(
        acting_user=world.bfc.users[Role.ARS_OFFICER], report=report, reason="À compléter"
    )
    assert tasks(world.bfc.users[Role.GRADES_MANAGER])["enter"] == [
        f"{campaign.name} — {world.bfc.region.name}"
    ]


def test_readers_have_nothing_to_do(world, campaign, bfc_project):
    submitted(world.bfc, campaign)
    late_milestone(bfc_project)
    for user in (world.bfc.users[Role.ARS_READER], world.national_reader):
        assert tasks(user) == {}


def test_the_national_level_accepts_and_watches_the_campaigns_closing(world, campaign):
    report = submitted(world.bfc, campaign)
    workflow.validate_report(
        acting_user=world.bfc.users[Role.ARS_OFFICER], report=report, confirmation_reason=PARTIAL
    )
    assert tasks(world.national_admin) == {
        "accept": [f"{campaign.name} — {world.bfc.region.name}"],
        "campaigns": [campaign.name],
    }
    type(campaign).objects.filter(pk=campaign.pk).update(
        deadline=datetime.date.today() + datetime.timedelta(days=16)
    )
    assert "campaigns" not in tasks(world.national_admin)


def test_each_task_links_to_where_it_is_done_and_the_header_counts_them(
    client, world, campaign, bfc_project
):
    report = submitted(world.bfc, campaign)
    portfolio.request_gate(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        project=bfc_project,
        to_phase=Phase.OPPORTUNITE,
    )
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    home = client.get("/").content.decode()
    assert f'href="{reverse("indicateurs:report", args=[report.pk])}"' in home
    assert f'href="{reverse("portefeuille:project_decisions", args=[bfc_project.pk])}"' in home
    assert "Rapports à valider (1)" in home and "Passages de phase à décider (1)" in home
    other_page = client.get(reverse("indicateurs:campaigns")).content.decode()
    assert "À faire : 2 tâches" in other_page


def test_the_todo_list_costs_the_same_few_queries_whatever_its_length(
    client, world, campaign, django_assert_max_num_queries, django_assert_num_queries
):
    officer = world.bfc.users[Role.ARS_OFFICER]
    projects = [
        ProjectFactory(
            region=world.bfc.region, moa=world.bfc.hospital, moa_delegate=world.bfc.grades
        )
        for _ in range(12)
    ]
    for project in projects:
        late_milestone(project)
        portfolio.request_gate(
            acting_user=world.bfc.users[Role.GRADES_MANAGER],
            project=project,
            to_phase=Phase.OPPORTUNITE,
        )
    submitted(world.bfc, campaign)
    request = RequestFactory().get("/")
    request.user = officer
    # access, reports, gates, milestones, governance actions; cooperation: invitations, the
    # similarity index's fingerprint, and the index built (3) when something changed
    with django_assert_max_num_queries(10):
        sections = todo_for(request)
    assert sum(len(s.tasks) for s in sections) == 25
    with django_assert_num_queries(0):  # once per request
        todo_for(request)
    client.force_login(officer)
    with django_assert_max_num_queries(25):
        page = client.get("/").content.decode()
    assert "À faire : 25 tâches" in page and "Et 2 autres." in page


def test_a_report_past_its_deadline_is_still_to_enter_but_its_campaign_not_closing_soon(
    world, campaign
):
    type(campaign).objects.filter(pk=campaign.pk).update(
        deadline=datetime.date.today() - datetime.timedelta(days=3)
    )
    request = RequestFactory().get("/")
    request.user = world.bfc.users[Role.GRADES_MANAGER]
    [section] = todo_for(request)
    assert section.key == "enter"
    assert section.tasks[0].detail.startswith("date limite dépassée")
