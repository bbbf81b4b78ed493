"""SearchEntry now belongs to the search app (same table, no data moves)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0008_version_approval_pending_files"),
        ("search", "0001_entry_moved_from_publishing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SearchEntry")],
            database_operations=[],
        ),
    ]
