"""PostgreSQL: a B-tree of each entry's month and id (search/postgres_newest.py), whose
largest id of a month is one descent, so a dated search reading its months newest first
knows when older months cannot hold any of the newest matches. Nothing to do on SQLite,
and no change to Django's model state (the index is on an expression)."""

from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from tincoso.search import postgres_newest

    for sql in postgres_newest.CREATE:
        schema_editor.execute(sql)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from tincoso.search import postgres_newest

    for sql in postgres_newest.DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_month_prefixed_tsv_index")]
    operations = [migrations.RunPython(create, drop)]
