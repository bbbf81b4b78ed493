"""Transports carry envelopes; the exchange never knows how.

Each has a ``name`` and four methods: ``send(file_name, data)``; ``fetch()`` yielding
``(key, data)`` of what waits for us; ``done(key)`` once taken in; ``refuse(key,
error)`` for one we cannot take (kept aside with why, never read again). Errors are
:class:`~tincoso.documents.exchange.errors.TransportError` (bilingual).
``configured()`` builds those named in ``DOCUMENT_EXCHANGE_TRANSPORTS``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def configured() -> list[Any]:
    from tincoso.documents.exchange.transports.filedrop import FileDrop
    from tincoso.documents.exchange.transports.gateway import HttpGateway

    made: list[Any] = []
    for name in settings.DOCUMENT_EXCHANGE_TRANSPORTS:
        if name == "filedrop":
            made.append(FileDrop(settings.DOCUMENT_EXCHANGE_DIR))
        elif name == "http":
            if not settings.DOCUMENT_EXCHANGE_URL:
                raise ImproperlyConfigured("DOCUMENT_EXCHANGE_URL is required for 'http'")
            made.append(
                HttpGateway(
                    settings.DOCUMENT_EXCHANGE_URL,
                    settings.DOCUMENT_EXCHANGE_TOKEN,
                    retries=settings.DOCUMENT_EXCHANGE_RETRIES,
                )
            )
        else:
            raise ImproperlyConfigured(f"unknown document exchange transport {name!r}")
    return made
