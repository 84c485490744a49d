"""What the pages a GRADeS manager uses every day cost in queries: the same whatever the number
of rows (issue 10 §8; bench/manager_pages.py measures them on the demo data)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.cooperation.models import PairVerdict, SimilarPair
from tests.factories import OrganisationFactory, ProjectFactory


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow_project(world, project, count: int, framework) -> None:
    """`count` projects of another region alike this one (the similarity panel), marked
    unrelated to it, absorbed into it, and socle services."""
    for i in range(count):
        alike = ProjectFactory(region=world.ara.region, title=f"{project.title} {i}")
        SimilarPair.objects.create(first=project, second=alike, verdict=PairVerdict.UNRELATED)
        ProjectFactory(region=project.region, title=f"Absorbé {i}", converged_into=project)
    project.socle_services.set(framework.socle_services.all()[:count])


@pytest.mark.parametrize("rows", [2, 20])
def test_the_project_page_costs_the_same_queries_whatever_its_rows(
    client, world, framework, rows, django_assert_max_num_queries, kept_todo_badge
):
    project = ProjectFactory(region=world.bfc.region, moa=world.bfc.hospital, title="Télé-AVC")
    _grow_project(world, project, rows, framework)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    url = reverse("portefeuille:project", args=[project.pk])
    # the similarity index, built once per change of the portfolio, and the header's count of
    # tasks, then kept (kept_todo_badge)
    client.get(url)
    # 17 for the page: it read the cooperation sheet twice, checked the similarity index twice
    # and the pairs marked unrelated in two queries (20 before)
    with django_assert_max_num_queries(17):
        response = client.get(url)
    assert len(response.context["absorbed"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_the_organisation_list_costs_the_same_queries_whatever_its_rows(
    client, world, rows, django_assert_max_num_queries, kept_todo_badge
):
    for _ in range(rows):
        OrganisationFactory(departement=world.bfc.departement)
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    client.get(reverse("acteurs:list"))  # the header's count of tasks, then kept
    with django_assert_max_num_queries(9):
        response = client.get(reverse("acteurs:list"))
    assert len(response.context["page_obj"]) == rows + 3  # and the ARS, GRADeS and hospital


def test_query_counts_do_not_grow_with_the_rows(client, world, framework, kept_todo_badge):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    project = ProjectFactory(region=world.bfc.region, moa=world.bfc.hospital, title="Télé-AVC")
    pages = [reverse("portefeuille:project", args=[project.pk]), reverse("acteurs:list")]
    _grow_project(world, project, 2, framework)
    for page in pages:
        client.get(page)
    small = [_queries(client, page) for page in pages]
    _grow_project(world, project, 18, framework)
    for _ in range(18):
        OrganisationFactory(departement=world.bfc.departement)
    for page in pages:
        client.get(page)
    assert [_queries(client, page) for page in pages] == small
