"""The document's fields that the parser fills, derived from its dataclass.

``parser.model.ParsedDocument`` is the one list: a :class:`Document` stores those of
its fields it has a column for (in the parser's order), and the edit page, the API,
the confidence marks and registration all read these tuples, so a field added to
the parser and the model appears everywhere at once.
"""

from __future__ import annotations

from django.db import models

from tincoso.documents.models import Document
from tincoso.documents.parser.model import FIELDS as PARSER_FIELDS

_COLUMNS = {f.name: f for f in Document._meta.get_fields() if isinstance(f, models.Field)}

# Parsed fields a document keeps, in the parser's order (scores kept apart).
STORED: tuple[str, ...] = tuple(n for n in PARSER_FIELDS if n in _COLUMNS)
# Those kept as text: copied from the parser's string (``""`` when absent).
TEXT: tuple[str, ...] = tuple(
    n for n in STORED if isinstance(_COLUMNS[n], models.CharField | models.TextField)
)
# The header and signature fields an officer checks on the document page; the
# system, the bare number and the addressees are shown elsewhere or not at all.
CHECKED: tuple[str, ...] = tuple(
    n for n in STORED if n not in {"system", "number", "addressees"}
)
