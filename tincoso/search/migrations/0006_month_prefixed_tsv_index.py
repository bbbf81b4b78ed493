"""PostgreSQL: a GIN index of the folded words prefixed with the entry's month and its
type (search/postgres_months.py), so a dated search reads the postings of its months
only: a province's half-year search at 1,000,000 entries read a middling word's postings
over the whole table (100-300 ms, bench/search.py). Nothing to do on SQLite, and no
change to Django's model state (the index is on an expression of PostgreSQL's own
generated column)."""

from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from tincoso.search import postgres_months

    for sql in postgres_months.CREATE:
        schema_editor.execute(sql)
    # Statistics of the new index's expression, for the planner's choice of the index.
    schema_editor.execute("ANALYZE publishing_searchentry")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from tincoso.search import postgres_months

    for sql in postgres_months.DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_filters_indexes_cover_id")]
    operations = [migrations.RunPython(create, drop)]
