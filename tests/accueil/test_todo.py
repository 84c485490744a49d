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


def _gate_request(world, project):
    portfolio.request_gate(
        acting_user=world.bfc.users[Role.GRADES_MANAGER],
        project=project,
        to_phase=Phase.OPPORTUNITE,
    )


def _header(client) -> tuple[str, list[str]]:
    """The header's count on a page that shows no task itself, and the tables it read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("indicateurs:campaigns")).content.decode()
    start = page.index('data-testid="todo-count">') + len('data-testid="todo-count">')
    return page[start : page.index("</a>", start)], [q["sql"] for q in captured]


def test_the_header_keeps_its_count_a_minute_then_counts_again(
    client, world, bfc_project, settings
):
    """Every page shows the count: it is kept in the session a minute instead of reading every
    domain again on each page. Another user's action shows within that minute, at once on the
    home page, and at once after the user's own change."""
    from pilote.accueil.todo import BADGE_KEY

    assert settings.PILOTE_TASK_COUNT_SECONDS == 60
    officer = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(officer)
    count, queries = _header(client)
    assert count == "À faire : 0 tâche"
    assert any("portefeuille_gatedecision" in sql for sql in queries)

    _gate_request(world, bfc_project)  # another user's action: a gate to decide
    count, queries = _header(client)
    assert count == "À faire : 0 tâche"  # kept: no domain read for the header
    assert not any("portefeuille_gatedecision" in sql for sql in queries)

    # the home page lists the tasks afresh, and the header follows it
    assert "Passages de phase à décider (1)" in client.get("/").content.decode()
    assert _header(client)[0] == "À faire : 1 tâche"

    # a minute later, the header counts again
    other = ProjectFactory(
        region=world.bfc.region, moa=world.bfc.hospital, moa_delegate=world.bfc.grades
    )
    _gate_request(world, other)
    session = client.session
    session[BADGE_KEY] = {**session[BADGE_KEY], "at": session[BADGE_KEY]["at"] - 60}
    session.save()
    assert _header(client)[0] == "À faire : 2 tâches"

    # the user's own change (any POST) drops the kept count
    third = ProjectFactory(
        region=world.bfc.region, moa=world.bfc.hospital, moa_delegate=world.bfc.grades
    )
    _gate_request(world, third)
    assert _header(client)[0] == "À faire : 2 tâches"
    client.post(reverse("select_region"), {"region": world.bfc.region.code})
    assert _header(client)[0] == "À faire : 3 tâches"


def test_the_kept_count_belongs_to_its_user_and_its_day(client, world, bfc_project):
    from pilote.accueil.todo import BADGE_KEY

    officer = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(officer)
    _gate_request(world, bfc_project)
    assert _header(client)[0] == "À faire : 1 tâche"
    session = client.session
    session[BADGE_KEY] = {**session[BADGE_KEY], "day": "2020-01-01", "count": 7}
    session.save()
    assert _header(client)[0] == "À faire : 1 tâche"  # yesterday's count is not kept
    session = client.session
    session[BADGE_KEY] = {**session[BADGE_KEY], "user": officer.pk + 1000, "count": 7}
    session.save()
    assert _header(client)[0] == "À faire : 1 tâche"  # nor another account's
