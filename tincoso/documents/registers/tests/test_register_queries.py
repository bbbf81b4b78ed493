"""Both registers cost the same queries for 3 lines or 6 (each line has a forward, a
reply, a return): no query per line."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.conftest import person_with, same_queries_for_more_rows
from tincoso.core import clock
from tincoso.documents.models import Dispatch, DispatchEvent, Document
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


def _lines(tree: dict[str, Unit]) -> Any:
    made: list[Dispatch] = []

    def add(n: int) -> None:
        for _ in range(n):
            k = len(made) + 1
            doc = Document.objects.create(
                unit=tree["province"], doc_type="Hướng dẫn", symbol=f"{k}-HD/BTG",
                title=f"Dòng thử {k}", status="registered", issuer="Ban Tuyên giáo",
            )  # fmt: skip
            d = Dispatch.objects.create(
                document=doc, sender=tree["province"], recipient=tree["committee"],
                incoming_year=clock.today().year, incoming_number=k, status="returned",
            )  # fmt: skip
            DispatchEvent.objects.create(dispatch=d, kind="returned", reason="Gửi nhầm.")
            d.response_documents.add(doc)
            Dispatch.objects.create(
                document=doc, sender=tree["committee"], recipient=tree["cell-a"],
                acknowledged_at=clock.now(),
            )  # fmt: skip
            made.append(d)

    return add


@pytest.mark.parametrize("kind", ["den", "theo-doi"])
def test_a_register_costs_the_same_for_more_lines(tree: dict[str, Unit], kind: str) -> None:
    client = Client()
    client.force_login(person_with(Role.OFFICER, tree["committee"], "officer"))
    url = reverse("register-book", args=["committee", clock.today().year, kind])
    page = same_queries_for_more_rows(lambda: client.get(url), _lines(tree))
    assert page.content.decode().count("Gửi nhầm.") == 6


def test_a_register_too_long_for_a_server_pdf_is_refused_clearly(
    tree: dict[str, Unit], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tincoso.documents.registers import views

    monkeypatch.setattr(views, "MAX_PDF_LINES", 3)  # 1,000 in use: the same check, quicker
    _lines(tree)(views.MAX_PDF_LINES + 1)
    client = Client()
    client.force_login(person_with(Role.OFFICER, tree["committee"], "officer"))
    url = reverse("register-print", args=["committee", clock.today().year, "den"])
    refused = client.get(url, {"pdf": "1"})
    assert refused.status_code == 400 and "Lưu thành PDF" in refused.content.decode()
    client.post("/language/", {"language": "en", "next": "/app/"})
    english = client.get(url, {"pdf": "1"}).content.decode()
    assert "Save as PDF" in english
    assert client.get(url).status_code == 200  # the page to print stays
