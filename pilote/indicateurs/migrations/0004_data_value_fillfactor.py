from django.db import migrations


def set_fillfactor(apps, schema_editor):
    """Room in each page so that publishing (accepted_value = value) is a HOT update on
    PostgreSQL, without touching the indexes."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE indicateurs_datavalue SET (fillfactor = 70)")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE indicateurs_datavalue RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("indicateurs", "0003_lean_data_value_table_and_event_labels")]
    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
