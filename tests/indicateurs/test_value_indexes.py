"""The indexes of the values table (millions of rows): each one is written on every imported
value, so each must serve a query. A report's values are found, with who entered them, through
value_report_author alone."""

from django.db import connection

from pilote.comptes.models import Role
from pilote.indicateurs.models import DataElement, DataValue
from pilote.indicateurs.values import save_value
from pilote.notifications.recipients import report_reporters


def _indexes() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, DataValue._meta.db_table)
    return {name: info["columns"] for name, info in constraints.items() if info["index"]}


def test_a_reports_values_have_one_index_with_their_authors(db):
    indexes = _indexes()
    assert indexes["value_report_author"] == ["report_id", "updated_by_id"]
    assert ["report_id"] not in indexes.values()  # replaced, not doubled (migration 0013)


def test_who_entered_a_report_is_read_from_the_index(world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    authors = DataValue.objects.filter(report=report, updated_by__isnull=False)
    sql, params = authors.values("updated_by").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "COVERING INDEX value_report_author" in plan
        else:  # a test table is small enough for a sequential scan: forbid it to see the index
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "value_report_author" in plan
    assert report_reporters(report) == []  # nobody has entered or submitted it yet
    manager = world.bfc.users[Role.GRADES_MANAGER]
    es = DataElement.objects.get(code="ES_TOTAL")
    save_value(acting_user=manager, report=report, element=es, raw="12")
    assert report_reporters(report) == [manager]
