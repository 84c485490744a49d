"""API tokens get a scope and an expiry date, and a history.

Tokens created before keep what they allowed (reading and writing) and expire one year after
their creation, the longest a new token may live."""

import datetime

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def expire_existing_tokens_a_year_after_creation(apps, schema_editor):
    ApiToken = apps.get_model("comptes", "ApiToken")
    ApiToken.objects.update(expires_at=F("created_at") + datetime.timedelta(days=365))


class Migration(migrations.Migration):

    dependencies = [
        ("comptes", "0001_accounts_memberships_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Lecture seule"), ("read_write", "Lecture et écriture")],
                default="read_write",
                max_length=10,
                verbose_name="portée",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expire le"),
        ),
        migrations.RunPython(
            expire_existing_tokens_a_year_after_creation, migrations.RunPython.noop
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expire le"),
        ),
        migrations.CreateModel(
            name="HistoricalApiToken",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="nom")),
                ("prefix", models.CharField(max_length=8, verbose_name="début du jeton")),
                ("scope", models.CharField(choices=[("read", "Lecture seule"), ("read_write", "Lecture et écriture")], max_length=10, verbose_name="portée")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="créé le")),
                ("expires_at", models.DateTimeField(verbose_name="expire le")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="révoqué le")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1)),
                ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("user", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "historical jeton d'API",
                "verbose_name_plural": "historical jetons d'API",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
