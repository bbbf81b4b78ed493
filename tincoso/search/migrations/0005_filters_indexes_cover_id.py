"""PostgreSQL: the filters' indexes carry the entry's id (INCLUDE), so a narrowed search
lists its candidates from the index alone; reading each row for its id took 160 ms of a
province's half-year search at 1,000,000 entries (bench/search.py). SQLite's indexes
hold the rowid already: nothing to do there. Same names and columns: Django's model
state is unchanged."""

from typing import Any

from django.db import migrations

COLUMNS = {
    "search_entry_filters": "unit_id, type, published_at, kind, audience, expires_at",
    "search_entry_dated_filters": "unit_id, published_at, type, kind, audience, expires_at",
}


def _rebuild(schema_editor: Any, include: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in COLUMNS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX {name} ON publishing_searchentry ({columns}){include}")


def cover(apps: Any, schema_editor: Any) -> None:
    _rebuild(schema_editor, " INCLUDE (id)")


def uncover(apps: Any, schema_editor: Any) -> None:
    _rebuild(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_stored_tsvector")]
    operations = [migrations.RunPython(cover, uncover)]
