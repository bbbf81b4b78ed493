"""Full-text machinery for the engine in use: FTS5 + triggers on SQLite, unaccent + GIN on
PostgreSQL."""

from typing import Any

from django.db import migrations


def _statements(vendor: str, which: str) -> list[str]:
    if vendor == "sqlite":
        from tincoso.search import sqlite as engine
    elif vendor == "postgresql":
        from tincoso.search import postgres as engine  # type: ignore[no-redef]
    else:
        return []
    return list(getattr(engine, which))


def create(apps: Any, schema_editor: Any) -> None:
    for sql in _statements(schema_editor.connection.vendor, "CREATE"):
        schema_editor.execute(sql)


def drop(apps: Any, schema_editor: Any) -> None:
    for sql in _statements(schema_editor.connection.vendor, "DROP"):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
