"""Upgrades migrate the database while the previous release still serves (docs/dev/
deploiement.md, « Upgrades »). The rule: a release's migrations are additive — a new column is
nullable or has a database default, a new table is only read by the new code, a column is
dropped or renamed only in a later release. This test plays the previous release (today's
code) against a schema one additive migration ahead: a new nullable column and a new column
with a database default on the tables written most (values and their history, by entry and by
import), and shows what the rule forbids: a NOT NULL column without a default breaks every
insert of the code that does not know it."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs.imports import import_values
from pilote.indicateurs.models import DataElement, DataValue
from pilote.indicateurs.values import save_value

TABLES = ["indicateurs_datavalue", "indicateurs_historicaldatavalue", "indicateurs_importjob"]


def _alter(sql: str) -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(sql.format(table=connection.ops.quote_name(table)))


def _csv(report, value) -> bytes:
    return (
        "dataElement;option;orgUnit;period;value;comment\n"
        f"ES_TOTAL;;{report.region.code};2026S2;{value};\n"
        f"MSS_ES_CONNECTES;;{report.region.code};2026S2;{value};\n"
    ).encode()


def test_the_previous_code_runs_on_a_schema_with_additive_changes(client, world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    _alter("ALTER TABLE {table} ADD COLUMN next_release_note varchar(200) NULL")
    _alter("ALTER TABLE {table} ADD COLUMN next_release_flag integer NOT NULL DEFAULT 0")
    element = DataElement.objects.get(code="DMP_CREES")
    save_value(acting_user=manager, report=report, element=element, raw="12")  # insert
    save_value(acting_user=manager, report=report, element=element, raw="13")  # update
    created = import_values(
        acting_user=manager,
        campaign=campaign,
        data=_csv(report, 40),
        file_format="csv",
        filename="a.csv",
    )  # COPY on PostgreSQL, executemany on SQLite, with explicit columns
    updated = import_values(
        acting_user=manager,
        campaign=campaign,
        data=_csv(report, 41),
        file_format="csv",
        filename="b.csv",
    )
    assert (created.created, updated.updated) == (2, 2)
    assert DataValue.objects.count() == 3  # created by COPY: traced by the ImportJob
    # two entries; the two values the first import created get their state before the
    # second import changed them, then the two updates
    assert DataValue.history.count() == 6
    client.force_login(manager)
    page = client.get(reverse("indicateurs:report", args=[report.pk]))
    assert page.status_code == 200
    exported = client.get("/api/v1/indicators/datavaluesets", {"campaign": campaign.pk})
    assert sorted(v["value"] for v in exported.json()) == [13, 41, 41]


def test_a_not_null_column_without_default_breaks_the_previous_code(world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    _alter("ALTER TABLE {table} ADD COLUMN next_release_required integer NOT NULL")
    with pytest.raises(IntegrityError), transaction.atomic():
        save_value(
            acting_user=world.bfc.users[Role.GRADES_MANAGER],
            report=report,
            element=DataElement.objects.get(code="DMP_CREES"),
            raw="12",
        )
