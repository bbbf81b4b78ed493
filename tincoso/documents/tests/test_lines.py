"""Directives along the party and state lines: a board sends to the units it guides,
suggestions read both lines' Nơi nhận, and results flow back to the sender.

    province
    ├── committee ── board (guides the commune's subtree), cell_a, cell_b
    └── commune ── village
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.core.errors import PermissionDeniedError
from tincoso.documents import services
from tincoso.documents.models import Dispatch, Document
from tincoso.units import guidance as guidance_links
from tincoso.units.models import Role, Unit, UnitKind


@pytest.fixture
def board_editor(board: Unit) -> Any:
    return person_with(Role.EDITOR, board, "board-editor")


@pytest.fixture
def directive(board: Unit, board_editor: Any, sample_text: str) -> Document:
    clock.set(dt.datetime(2026, 3, 2, 8, 0))
    doc = services.import_document(board_editor, board, sample_text.encode(), "30.txt")
    return services.register_document(board_editor, doc)


def _with_recipients(doc: Document, *lines: str) -> Document:
    doc.recipients = list(lines)
    doc.save(update_fields=["recipients"])
    return doc


def test_a_board_sends_to_the_units_it_guides_and_no_further(
    tree: dict[str, Unit], board: Unit, board_editor: Any, directive: Document
) -> None:
    with pytest.raises(PermissionDeniedError):
        services.dispatch_document(board_editor, directive, [tree["village"]])
    guidance_links.link(None, board, tree["commune"], ["dispatch"])
    made = services.dispatch_document(board_editor, directive, [tree["commune"], tree["village"]])
    assert {d.recipient.code for d in made} == {"commune", "village"}
    # A link for figures only would not have allowed it.
    guidance_links.link(None, board, tree["commune"], ["figures"])
    with pytest.raises(PermissionDeniedError):
        services.dispatch_document(board_editor, directive, [tree["village"]])


def test_suggestions_read_the_party_and_the_state_lines(
    tree: dict[str, Unit], board: Unit, directive: Document
) -> None:
    party = Unit.objects.add_child(
        tree["commune"],
        {"code": "dang-uy-xa", "name": "Đảng ủy xã Đồng Tâm", "kind": UnitKind.PARTY_COMMITTEE},
    )
    guidance_links.link(None, board, tree["commune"], ["dispatch"])
    _with_recipients(directive, "- Các đảng ủy xã, phường;", "- Lưu VT.")
    assert [u.code for u in services.suggest_recipients(directive, board)] == [party.code]
    _with_recipients(directive, "- UBND các xã, phường (để thực hiện);")
    assert [u.code for u in services.suggest_recipients(directive, board)] == ["commune"]
    _with_recipients(directive, "- Các chi bộ trực thuộc,")
    assert [u.code for u in services.suggest_recipients(directive, board)] == ["cell-a", "cell-b"]


def test_one_body_whose_name_says_cac_is_not_read_as_a_group(
    tree: dict[str, Unit], board: Unit, directive: Document
) -> None:
    body = Unit.objects.add_child(
        tree["committee"],
        {"code": "du-cqd", "name": "Đảng ủy các cơ quan Đảng tỉnh", "kind": UnitKind.AGENCY},
    )
    _with_recipients(directive, "- Đảng ủy các cơ quan Đảng tỉnh,")
    assert [u.code for u in services.suggest_recipients(directive, board)] == [body.code]


def test_a_document_received_for_information_suggests_no_forwarding(
    tree: dict[str, Unit], board_editor: Any, directive: Document
) -> None:
    services.dispatch_document(board_editor, directive, [tree["cell-a"]])
    _with_recipients(directive, "- Chi bộ Sở Nội vụ (b/c);", "- Các chi, đảng bộ cơ sở;")
    assert services.suggest_recipients(directive, tree["cell-a"]) == []
    _with_recipients(directive, "- Chi bộ Sở Nội vụ;", "- Các chi, đảng bộ cơ sở;")
    assert services.suggest_recipients(directive, tree["committee"]) != []


def test_a_deadline_in_the_past_is_refused(
    tree: dict[str, Unit], board_editor: Any, directive: Document
) -> None:
    yesterday = clock.now() - dt.timedelta(days=1)
    with pytest.raises(services.DocumentError) as caught:
        services.dispatch_document(board_editor, directive, [tree["cell-a"]], deadline=yesterday)
    assert "Hạn xử lý đã qua" in caught.value.text("vi")
    assert not Dispatch.objects.exists()


def test_the_sender_reads_the_result_its_attachment_and_the_implementing_plan(
    tree: dict[str, Unit],
    board_editor: Any,
    directive: Document,
    sample_text: str,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    [dispatch] = services.dispatch_document(board_editor, directive, [tree["cell-a"]])
    officer = person_with(Role.OFFICER, tree["cell-a"], "cell-officer")
    # The cell's officer registers the cell's own plan and links it: no editor needed.
    plan_text = sample_text.replace("Số 30 - HD/BTG", "Số 05-KH/CB")
    plan = services.register_document(
        officer, services.import_document(officer, tree["cell-a"], plan_text.encode(), "kh.txt")
    )
    services.respond_with_document(officer, dispatch, plan)
    services.complete(officer, dispatch, "Đã quán triệt đến 18/18 đảng viên.", [("bb.txt", b"bb")])
    private = services.register_document(
        officer,
        services.import_document(
            officer, tree["cell-a"], plan_text.replace("05-KH", "06-KH").encode(), "other.txt"
        ),
    )
    attachment = dispatch.attachments.get()

    client = Client()
    client.force_login(board_editor)
    page = client.get(reverse("dispatch-detail", args=[dispatch.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "18/18 đảng viên" in html and plan.label in html
    file = client.get(reverse("dispatch-attachment", args=[dispatch.pk, attachment.pk]))
    assert file.status_code == 200 and b"".join(file.streaming_content) == b"bb"
    assert client.get(reverse("document-detail", args=[plan.pk])).status_code == 200
    # Nothing else of the cell's: its other documents and its inbox stay closed.
    assert client.get(reverse("document-detail", args=[private.pk])).status_code == 403
    assert client.get(reverse("inbox", args=["cell-a"])).status_code == 403
    # The sender cannot act for the recipient.
    before = Dispatch.objects.get(pk=dispatch.pk)
    refused = client.post(reverse("dispatch-action", args=[dispatch.pk, "implement"]))
    assert refused.status_code == 403
    assert Dispatch.objects.get(pk=dispatch.pk).status == before.status


def test_a_sibling_reads_neither_the_result_nor_its_attachment(
    tree: dict[str, Unit], board_editor: Any, directive: Document, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    [dispatch] = services.dispatch_document(board_editor, directive, [tree["cell-a"]])
    officer = person_with(Role.OFFICER, tree["cell-a"], "cell-officer")
    services.complete(officer, dispatch, "Xong.", [("bb.txt", b"bb")])
    attachment = dispatch.attachments.get()
    client = Client()
    client.force_login(person_with(Role.OFFICER, tree["cell-b"], "sibling"))
    assert client.get(reverse("dispatch-detail", args=[dispatch.pk])).status_code == 403
    url = reverse("dispatch-attachment", args=[dispatch.pk, attachment.pk])
    assert client.get(url).status_code == 403


def test_the_senders_reading_of_the_result_does_not_open_it_for_the_recipient(
    tree: dict[str, Unit], board_editor: Any, directive: Document
) -> None:
    [dispatch] = services.dispatch_document(board_editor, directive, [tree["cell-a"]])
    client = Client()
    client.force_login(board_editor)
    assert client.get(reverse("dispatch-detail", args=[dispatch.pk])).status_code == 200
    assert Dispatch.objects.get(pk=dispatch.pk).opened_at is None


def test_acting_on_a_dispatch_says_what_was_done(
    tree: dict[str, Unit], board_editor: Any, directive: Document
) -> None:
    [dispatch] = services.dispatch_document(board_editor, directive, [tree["cell-a"]])
    client = Client()
    client.force_login(person_with(Role.OFFICER, tree["cell-a"], "cell-officer"))
    page = client.post(
        reverse("dispatch-action", args=[dispatch.pk, "acknowledge"]), follow=True
    ).content.decode()
    assert "Đã xác nhận đã nhận văn bản." in page and "Đã cập nhật" not in page


def test_a_refused_duplicate_is_discarded_and_a_registered_document_never_is(
    board: Unit,
    board_editor: Any,
    directive: Document,
    sample_text: str,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    again = services.import_document(board_editor, board, sample_text.encode(), "30-lai.txt")
    with pytest.raises(services.ConflictError):
        services.register_document(board_editor, again)
    client = Client()
    client.force_login(board_editor)
    response = client.post(reverse("document-edit", args=[again.pk]), {"discard": "1"})
    assert response.status_code == 302
    assert not Document.objects.filter(pk=again.pk).exists()
    refused = client.post(reverse("document-edit", args=[directive.pk]), {"discard": "1"})
    assert refused.status_code == 409
    assert Document.objects.filter(pk=directive.pk).exists()
    outsider = person_with(Role.OFFICER, Unit.objects.get(code="cell-b"), "outsider-officer")
    draft = services.import_document(board_editor, board, b"Van ban nhap", "nhap.txt")
    client.force_login(outsider)
    response = client.post(reverse("document-edit", args=[draft.pk]), {"discard": "1"})
    assert response.status_code == 403
    assert Document.objects.filter(pk=draft.pk).exists()
