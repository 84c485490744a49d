"""The public dashboards read a bounded number of SQL queries, the same whatever the number of
indicators, periods and regions: the national page 8 and a region page 15 (they were 13 and 62
once each figure carried its coverage; a chart's history was then read indicator by
indicator)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reporting import open_semester, submitted, validate_and_accept

NATIONAL = 8  # indicators, periods, datasets, regions, coverage, aggregates, targets, DSFR
# + the region, its charts' history and targets, the table by département (indicators,
# establishments' values, infra-regional territories), the national table's aggregates and
# targets, the meetings of the region's public bodies (governance)
REGION = 15


def accept_semester(world, period, connected):
    report = submitted(world.bfc, open_semester(world, period), ES_TOTAL="40", **connected)
    validate_and_accept(world.bfc, world.national_admin, report)


def count(client, url, period) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"periode": period})
    assert response.status_code == 200
    return len(captured)


def test_the_dashboards_read_a_bounded_number_of_queries_whatever_the_history(
    client, world, indicators
):
    national = reverse("dashboard:national")
    region = reverse("dashboard:region", args=[world.bfc.region.code])
    accept_semester(world, "2025S1", {"MSS_ES_CONNECTES": "10"})
    client.get(region)  # the first request of a process reads more (sessions, content types)
    first = (count(client, national, "2025S1"), count(client, region, "2025S1"))
    assert first == (NATIONAL, REGION)
    for period, connected in (("2025S2", "20"), ("2026S1", "30")):
        accept_semester(world, period, {"MSS_ES_CONNECTES": connected})
    # three semesters, a year: as many queries
    for period in ("2026S1", "2025"):
        assert (count(client, national, period), count(client, region, period)) == first
