"""The duplicate warning of NĐ 30/2020 Phụ lục VI III.1(h): an incoming document with
the same number, symbol and issuer as one the unit registered already. A warning
with a link, never a refusal: two documents may share them (a correction re-issued)."""

from __future__ import annotations

from django.db.models import QuerySet

from tincoso.documents.models import Direction, Document
from tincoso.documents.rules import symbol_key


def same_number(doc: Document) -> QuerySet[Document]:
    """The unit's registered incoming documents with ``doc``'s number, symbol and issuer."""
    if doc.direction != Direction.INCOMING or not (doc.symbol and doc.issuer):
        return Document.objects.none()
    return (
        Document.objects.filter(
            unit_id=doc.unit_id,
            direction=Direction.INCOMING,
            status=Document.Status.REGISTERED,
            number__iexact=doc.number,
            symbol__iexact=symbol_key(doc.symbol),
            issuer__iexact=doc.issuer,
        )
        .exclude(pk=doc.pk)
        .order_by("register_year", "register_number")
    )
