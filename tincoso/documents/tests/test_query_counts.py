"""The register and the document and dispatch APIs cost the same queries for 3 rows or 6."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from tincoso.conftest import person_with, same_queries_for_more_rows
from tincoso.documents.models import Dispatch, Document, Reference
from tincoso.units.models import Role, Unit


def _documents(tree: dict[str, Unit]) -> Any:
    made: list[Document] = []

    def add(n: int) -> None:
        for _ in range(n):
            k = len(made) + 1
            doc = Document.objects.create(
                unit=tree["province"], doc_type="Hướng dẫn", symbol=f"{k}-HD/BTG",
                title=f"Văn bản thử {k}", status="registered", issuer="Ban Tuyên giáo",
            )  # fmt: skip
            Reference.objects.create(source=doc, symbol=f"{k}-CT/TW")
            Dispatch.objects.create(document=doc, sender=tree["province"],
                                    recipient=tree["cell-a"], sent_at=dt.datetime.now(dt.UTC))
            made.append(doc)

    return add


def test_the_register_page_costs_the_same_for_more_documents(tree: dict[str, Unit]) -> None:
    client = Client()
    client.force_login(person_with(Role.ADMIN, tree["province"], "admin"))
    page = same_queries_for_more_rows(lambda: client.get("/app/documents/"), _documents(tree))
    assert page.content.decode().count("Văn bản thử") >= 6


def test_the_document_api_costs_the_same_for_more_documents(tree: dict[str, Unit]) -> None:
    client = Client()
    client.force_login(person_with(Role.ADMIN, tree["province"], "admin"))
    listing = same_queries_for_more_rows(lambda: client.get("/api/documents/"), _documents(tree))
    assert listing.json()["count"] == 6


def test_the_dispatch_api_costs_the_same_for_more_dispatches(tree: dict[str, Unit]) -> None:
    client = Client()
    client.force_login(person_with(Role.OFFICER, tree["cell-a"], "officer"))
    listing = same_queries_for_more_rows(lambda: client.get("/api/dispatches/"), _documents(tree))
    assert listing.json()["count"] == 6
