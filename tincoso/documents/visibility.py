"""Who sees which documents: their units' own, and those sent to their units."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tincoso.documents.models import Document
from tincoso.units import permissions
from tincoso.units.permissions import Action


def documents_visible_to(user: Any) -> QuerySet[Document]:
    """Documents a user may see: their units' own, and those dispatched to their units."""
    own = permissions.restrict(Document.objects.all(), user, Action.VIEW)
    paths = permissions.root_paths(user, Action.VIEW)
    if paths is None:
        return Document.objects.all()
    received = Q()
    for p in paths:
        # Sent to their units; or what a unit they sent a directive to registered
        # as its implementing document (the sender reads results).
        received |= Q(dispatches__recipient__path__startswith=p)
        received |= Q(responds_to__sender__path__startswith=p)
    if not paths:
        return own
    return Document.objects.filter(Q(pk__in=own.values("pk")) | received).distinct()


def can_view_document(user: Any, doc: Document) -> bool:
    return documents_visible_to(user).filter(pk=doc.pk).exists()
