"""Search entries know when an item expires; SQLite's FTS5 table gains prefix indexes.

The FTS5 table is dropped and made again (prefix indexes cannot be added in
place) and rebuilt from the entries; PostgreSQL's GIN index needs nothing.
"""

from typing import Any

from django.db import migrations, models


def recreate_fts(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    from tincoso.search import sqlite

    for sql in sqlite.DROP + sqlite.CREATE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0004_audience_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(recreate_fts, migrations.RunPython.noop),
    ]
