"""KeysFirstPaginator: the same pages, in the same order, as Django's paginator, with the rows'
joins and prefetches loaded for the page only."""

from django.core.paginator import Paginator

from pilote.core.paging import KeysFirstPaginator
from pilote.portefeuille import queries
from tests.factories import ProjectFactory


def test_pages_hold_the_same_rows_in_the_same_order_with_their_joins(
    world, framework, django_assert_num_queries
):
    socle = list(framework.socle_services.all())
    for i in range(13):
        for team in (world.bfc, world.ara):
            project = ProjectFactory(region=team.region, moa=team.hospital, code=f"P{i % 5}-{i}")
            project.socle_services.set(socle[: 1 + i % 2])
    reader = world.national_admin
    projects = queries.portfolio(reader).order_by("region__name", "code")
    for wanted in (projects, projects.filter(socle_services__in=socle[:2]).distinct()):
        expected = Paginator(wanted, 4, orphans=1)
        paged = KeysFirstPaginator(wanted, 4, orphans=1)
        assert paged.count == expected.count == 26
        assert paged.num_pages == expected.num_pages
        for number in paged.page_range:
            assert [p.pk for p in paged.page(number)] == [p.pk for p in expected.page(number)]
    last = KeysFirstPaginator(projects, 4, orphans=1).get_page(99)  # out of range: the last
    assert [p.pk for p in last] == [p.pk for p in Paginator(projects, 4, orphans=1).get_page(99)]
    page = KeysFirstPaginator(projects, 10).page(2)
    with django_assert_num_queries(0):  # region, programme, owners and socle already loaded
        shown = [
            (p.region.name, p.moa.name, [s.code for s in p.socle_services.all()]) for p in page
        ]
    assert len(shown) == 10


def test_an_empty_list_gives_an_empty_first_page(world):
    page = KeysFirstPaginator(queries.portfolio(world.national_admin).none(), 50).get_page(1)
    assert list(page) == [] and page.paginator.count == 0
