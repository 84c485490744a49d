# The index of a report's values becomes (report, updated_by): who entered a report's values is
# read from the index alone. The new index is built before the old one is dropped (a report's
# values stay indexed throughout; old workers may run while this is applied), and the old one
# is dropped by name: on SQLite, AlterField would copy the whole table (10 million rows) to drop
# an index.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def drop_report_index(apps, schema_editor):
    model = apps.get_model("indicateurs", "DataValue")
    table = model._meta.db_table
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    for name, info in constraints.items():
        if info["index"] and not info["unique"] and info["columns"] == ["report_id"]:
            schema_editor.execute(schema_editor._delete_index_sql(model, name))


def create_report_index(apps, schema_editor):
    model = apps.get_model("indicateurs", "DataValue")
    field = model._meta.get_field("report")
    schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("acteurs", "0006_organisation_fewer_indexes"),
        ("indicateurs", "0012_date_value_type"),
        ("territoires", "0001_territory_tree_and_ars_areas"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="datavalue",
            index=models.Index(fields=["report", "updated_by"], name="value_report_author"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="datavalue",
                    name="report",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="values",
                        to="indicateurs.report",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_report_index, create_report_index)],
        ),
    ]
