"""What the deployment stored, read from its database after the load: run as
``python -m tincoso.scale.verify IN.json`` in the deployment's environment; prints
JSON. IN names what the load sent: feedback tokens, items with the titles sent,
import ids."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from typing import Any


def stored(sent: dict[str, Any]) -> dict[str, Any]:
    from tincoso.documents.models import Document, Import
    from tincoso.feedback.models import Feedback
    from tincoso.publishing.models import Item

    tokens = set(sent["feedback_tokens"])
    found: Counter[str] = Counter()
    for text in Feedback.objects.filter(text__startswith="Góp ý thử tải ").values_list(
        "text", flat=True
    ):
        token = text.removeprefix("Góp ý thử tải ").split()[0]
        if token in tokens:
            found[token] += 1
    titles = {
        str(item.pk): item.current.title if item.current else ""
        for item in Item.objects.filter(pk__in=sent["item_ids"]).select_related("current")
    }
    imports = {
        str(i.pk): {"status": i.status, "attempts": i.attempts,
                    "documents": Document.objects.filter(unit_id=i.unit_id,
                                                         file_sha256=i.file_sha256).count()}
        for i in Import.objects.filter(pk__in=sent["import_ids"])
    }  # fmt: skip
    return {"feedback": dict(found), "titles": titles, "imports": imports}


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
    import django

    django.setup()
    with open(sys.argv[1], encoding="utf-8") as handle:
        sent = json.load(handle)
    print(json.dumps(stored(sent)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
