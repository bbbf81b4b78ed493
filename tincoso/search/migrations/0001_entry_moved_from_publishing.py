"""The search entries, moved here from publishing: the model only, the table stays
``publishing_searchentry`` (its FTS5 table and triggers, or the GIN index, name it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("units", "0003_guidance"),
        ("publishing", "0008_version_approval_pending_files"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=16)),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("audience", models.CharField(max_length=16)),
                        ("type", models.CharField(blank=True, max_length=64)),
                        ("topics", models.CharField(blank=True, max_length=500)),
                        ("language", models.CharField(blank=True, max_length=8)),
                        ("published_at", models.DateTimeField(db_index=True, null=True)),
                        ("expires_at", models.DateTimeField(null=True)),
                        ("title", models.CharField(max_length=500)),
                        ("text", models.TextField(blank=True)),
                        ("folded", models.TextField(blank=True)),
                        ("unit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="units.unit")),
                    ],
                    options={
                        "db_table": "publishing_searchentry",
                        "constraints": [
                            models.UniqueConstraint(fields=("kind", "object_id"), name="one_search_entry_per_object")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
