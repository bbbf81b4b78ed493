"""The seed taxonomy (``opinion.seeds``); topics already there keep their edits."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from tincoso.opinion.seeds import ensure_topics

    ensure_topics(apps.get_model("opinion", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("opinion", "0001_notes_topics_responses")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
