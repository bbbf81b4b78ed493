"""Validation against the official OASIS CAP 1.2 schema, vendored in ``schema/``
(origin and notice in ``schema/NOTICE.md``)."""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

XSD = Path(__file__).parent / "schema" / "CAP-v1.2.xsd"


class CapInvalidError(ValueError):
    """The message is not CAP 1.2: a bug in the builder, never a person's input."""


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def validate(xml: bytes) -> None:
    """Raise CapInvalidError unless ``xml`` is valid against the OASIS schema."""
    schema = _schema()
    if not schema.validate(etree.fromstring(xml)):
        raise CapInvalidError("; ".join(str(e) for e in schema.error_log))
