"""One yearly review per meeting and year. Before the service locked the meeting, two jobs
started together could each store one: the most recent is kept (its files are those of the
latest data), the older ones are removed first — their files stay in storage and their agenda
items on the agenda, their history in the historical table."""

from django.db import migrations, models


def keep_the_latest(apps, schema_editor):
    review = apps.get_model("gouvernance", "PortfolioReview")
    seen = set()
    for obj in review.objects.order_by("meeting_id", "year", "-generated_at", "-pk"):
        key = (obj.meeting_id, obj.year)
        if key in seen:
            obj.delete()
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("gouvernance", "0004_portfolio_review"),
    ]

    operations = [
        migrations.RunPython(keep_the_latest, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="portfolioreview",
            constraint=models.UniqueConstraint(
                fields=("meeting", "year"), name="review_one_per_meeting_year"
            ),
        ),
    ]
