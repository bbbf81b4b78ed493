"""The table of the "shared" cache when it is Django's database cache (no REDIS_URL).

createcachetable creates only the tables that are missing and does nothing for a
Redis cache, so this runs safely in every profile; run
``tincoso manage createcachetable`` by hand after switching a site from Redis
back to the database.
"""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_notification")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
