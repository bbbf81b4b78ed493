"""PostgreSQL: the search vector stored in a generated column, GIN-indexed, instead of
an index on the expression (whose rows had to compute it again to be checked and ranked:
seconds a search at 1,000,000 entries). Nothing to do on SQLite."""

from typing import Any

from django.db import migrations


def store(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from tincoso.search import postgres

    schema_editor.execute("DROP INDEX IF EXISTS publishing_search_tsv")
    for sql in postgres.CREATE:
        schema_editor.execute(sql)
    # The rewritten table's statistics: without them the planner took the new column
    # for rare and read every match's row (bench/search.py at 1,000,000 entries).
    schema_editor.execute("ANALYZE publishing_searchentry")


def unstore(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from tincoso.search import postgres

    schema_editor.execute("DROP INDEX IF EXISTS publishing_search_tsv")
    schema_editor.execute("ALTER TABLE publishing_searchentry DROP COLUMN IF EXISTS search_tsv")
    schema_editor.execute(postgres.EXPRESSION_INDEX)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entry_dated_filters_index")]
    operations = [migrations.RunPython(store, unstore)]
