"""Audio only through the access check, with HTTP ranges; who sees which bulletin.

Tree: province ⊃ committee ⊃ {cell-a, cell-b, board}; province ⊃ commune ⊃ village.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.broadcast.bulletins import recordings, services
from tincoso.broadcast.bulletins.tests.conftest import tone, write
from tincoso.conftest import person_with
from tincoso.units.models import Guidance, Role


@pytest.fixture
def recorded(tree: Any, people: Any, tmp_path: Path) -> Any:
    """A village bulletin with a recording, in review."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    editor = person_with(Role.EDITOR, tree["village"], "village-editor")
    bulletin = write(editor, tree["village"])
    source = tone(tmp_path / "r.wav", seconds=3)
    recordings.attach_recording(editor, bulletin, SimpleUploadedFile("r.wav", source.read_bytes()))
    recordings.finish_recording(bulletin.pk, "vi")  # the normalising task's body
    bulletin.refresh_from_db()
    services.submit(editor, bulletin)
    return bulletin


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_whole_file_and_ranges_of_it(recorded: Any, people: Any) -> None:
    client = _client(people["editor"])  # the commune's editor: the village is below
    url = reverse("bulletin-audio", args=[recorded.pk])
    whole = client.get(url)
    data = _body(whole)
    size = recorded.audio.size
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Type"] == "audio/mpeg" and len(data) == size == int(
        whole["Content-Length"]
    )
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{size}"
    assert _body(part) == data[100:200] and part["Content-Length"] == "100"
    tail = client.get(url, HTTP_RANGE="bytes=-50")
    assert tail.status_code == 206 and _body(tail) == data[-50:]
    assert tail["Content-Range"] == f"bytes {size - 50}-{size - 1}/{size}"
    open_end = client.get(url, HTTP_RANGE=f"bytes={size - 10}-")
    assert _body(open_end) == data[-10:]
    beyond = client.get(url, HTTP_RANGE=f"bytes={size - 10}-{size + 500}")
    assert beyond.status_code == 206 and _body(beyond) == data[-10:]


@pytest.mark.parametrize("header", ["bytes=999999999-", "bytes=50-10", "bytes=-0"])
def test_unsatisfiable_ranges_are_answered_416(recorded: Any, people: Any, header: str) -> None:
    response = _client(people["editor"]).get(
        reverse("bulletin-audio", args=[recorded.pk]), HTTP_RANGE=header
    )
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{recorded.audio.size}"


@pytest.mark.parametrize("header", ["items=0-1", "bytes=0-1,5-9", "bytes=abc"])
def test_ranges_we_do_not_serve_get_the_whole_file(
    recorded: Any, people: Any, header: str
) -> None:
    # RFC 9110 §14.2: an unknown unit or a malformed header is ignored; several
    # ranges may be answered with the whole representation.
    response = _client(people["editor"]).get(
        reverse("bulletin-audio", args=[recorded.pk]), HTTP_RANGE=header
    )
    assert response.status_code == 200
    assert int(response["Content-Length"]) == recorded.audio.size


def test_who_may_hear_and_see_a_village_bulletin(
    tree: Any, people: Any, recorded: Any, cell_officer: Any, outsider: Any
) -> None:
    """Own unit, a unit above (subtree), a sibling line, a guiding unit, nobody."""
    village_viewer = person_with(Role.VIEWER, tree["village"], "village-viewer")
    province_admin = person_with(Role.ADMIN, tree["province"], "province-admin")
    board_approver = person_with(Role.APPROVER, tree["cell-b"], "cell-b-approver")
    expected = {
        village_viewer: 200,  # own unit
        people["editor"]: 200,  # the commune above it
        province_admin: 200,  # the root
        cell_officer: 404,  # another line: not even its existence
        board_approver: 404,  # an approver elsewhere, no guidance
        people["far_approver"]: 404,
        outsider: 404,
    }
    for user, status in expected.items():
        for name in ("bulletin-detail", "bulletin-audio"):
            got = _client(user).get(reverse(name, args=[recorded.pk])).status_code
            assert (user.username, name, got) == (user.username, name, status)
    anonymous = _client(None).get(reverse("bulletin-audio", args=[recorded.pk]))
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]


def test_a_guiding_units_approver_hears_what_awaits_them(
    tree: Any, board: Any, recorded: Any
) -> None:
    from tincoso.units.models import Membership

    Membership.objects.filter(role=Role.APPROVER).delete()  # the commune line has no approver
    Guidance.objects.create(guide=board, guided=tree["commune"])
    board_approver = person_with(Role.APPROVER, board, "board-approver")
    assert (
        _client(board_approver).get(reverse("bulletin-audio", args=[recorded.pk])).status_code
        == 200
    )
    listed = _client(board_approver).get(reverse("bulletin-list"))
    assert recorded.title in listed.content.decode()


def test_the_list_shows_only_bulletins_within_reach(
    tree: Any, people: Any, cell_officer: Any
) -> None:
    write(people["editor"], tree["commune"], title="Tin xã Đồng Tâm")
    cell_editor = person_with(Role.EDITOR, tree["cell-b"], "cell-b-editor")
    write(cell_editor, tree["cell-b"], title="Tin chi bộ Sở Y tế")
    page = _client(people["editor"]).get(reverse("bulletin-list")).content.decode()
    assert "Tin xã Đồng Tâm" in page and "Tin chi bộ Sở Y tế" not in page
    page = _client(cell_officer).get(reverse("bulletin-list")).content.decode()
    assert "Tin xã Đồng Tâm" not in page and "Tin chi bộ Sở Y tế" not in page
    filtered = _client(people["editor"]).get(reverse("bulletin-list") + "?status=review")
    assert "Tin xã Đồng Tâm" not in filtered.content.decode()
