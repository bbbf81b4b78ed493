import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Daily subtree tallies beside the monthly ones; ``reports.contributions.build_if_missing``
    fills them after ``migrate`` on a database that has records."""

    dependencies = [
        ("units", "0003_guidance"),
    ]

    operations = [
        migrations.CreateModel(
            name="SubtreeDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("day", models.DateField()),
                ("figures", models.JSONField(default=dict)),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="+", to="units.unit")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("unit", "day"),
                                                        name="one_tally_per_subtree_and_day")],
            },
        ),
    ]
