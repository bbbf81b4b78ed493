"""Every bulletin page × person, written out literally (not derived from the gate).

A commune bulletin in review, with a recording. Persons: anonymous; an outsider; the
officer of a party cell on another line; a viewer, the editor (author) and the
approver of the commune. A URL pattern missing from the table fails the walk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tincoso.broadcast.bulletins import recordings, services
from tincoso.broadcast.bulletins.tests.conftest import tone, write
from tincoso.broadcast.bulletins.urls import urlpatterns
from tincoso.conftest import make_user, person_with
from tincoso.units.models import Role

PERSONS = ["anonymous", "outsider", "other_line", "viewer", "editor", "approver"]
LOGIN = 302  # anonymous: sent to the log-in page
# url name: (method, statuses in PERSONS order), run in this order (uploads replace the audio)
MATRIX: dict[str, tuple[str, list[int]]] = {
    "bulletin-list": ("get", [LOGIN, 200, 200, 200, 200, 200]),
    "bulletin-new": ("get", [LOGIN, 403, 403, 403, 200, 403]),
    "bulletin-from-item": ("get", [LOGIN, 302, 302, 302, 302, 302]),  # to bulletin-new
    "bulletin-detail": ("get", [LOGIN, 404, 404, 200, 200, 200]),
    "bulletin-edit": ("get", [LOGIN, 404, 404, 403, 200, 403]),
    "bulletin-audio": ("get", [LOGIN, 404, 404, 200, 200, 200]),
    "bulletin-recording": ("post", [LOGIN, 404, 404, 403, 302, 403]),
    "bulletin-variant": ("post", [LOGIN, 404, 404, 403, 302, 403]),
    "bulletin-preview": ("post", [LOGIN, 404, 404, 403, 200, 200]),
    "bulletin-preview-audio": ("get", [LOGIN, 404, 404, 404, 404, 404]),  # none rendered
    "bulletin-variant-audio": ("get", [LOGIN, 404, 404, 404, 404, 404]),  # none attached
    "bulletin-action": ("post", [LOGIN, 404, 404, 403, 403, 302]),  # approve
}


@pytest.fixture
def setting(tree: Any, tmp_path: Path) -> dict[str, Any]:
    editor = person_with(Role.EDITOR, tree["commune"], "editor")
    people = {
        "anonymous": None,
        "outsider": make_user("outsider"),
        "other_line": person_with(Role.OFFICER, tree["cell-a"], "cell-officer"),
        "viewer": person_with(Role.VIEWER, tree["commune"], "viewer"),
        "editor": editor,
        "approver": person_with(Role.APPROVER, tree["commune"], "approver"),
    }
    bulletin = write(editor, tree["commune"])
    wav = tone(tmp_path / "r.wav").read_bytes()
    recordings.attach_recording(editor, bulletin, SimpleUploadedFile("r.wav", wav))
    recordings.finish_recording(bulletin.pk, "vi")
    bulletin.refresh_from_db()
    services.submit(editor, bulletin)
    return {"people": people, "bulletin": bulletin, "wav": wav}


def _url(name: str, pk: int) -> str:
    args: dict[str, list[Any]] = {
        "bulletin-list": [], "bulletin-new": [], "bulletin-from-item": [pk],
        "bulletin-preview-audio": [pk, "0" * 64], "bulletin-variant-audio": [pk, "hmn"],
        "bulletin-action": [pk, "approve"],
    }  # fmt: skip
    return reverse(name, args=args.get(name, [pk]))


def test_every_bulletin_page_answers_each_person_as_the_table_says(setting: Any) -> None:
    names = {p.name for p in urlpatterns}
    assert names == set(MATRIX), f"add to MATRIX: {names ^ set(MATRIX)}"
    got: dict[str, list[int]] = {}
    for name, (method, _expected) in MATRIX.items():
        got[name] = []
        for person in PERSONS:
            client = Client()
            user = setting["people"][person]
            if user is not None:
                client.force_login(user)
            url = _url(name, setting["bulletin"].pk)
            data: dict[str, Any] = {}
            if name == "bulletin-recording":
                data = {"file": SimpleUploadedFile("r.wav", setting["wav"])}
            if name == "bulletin-variant":
                data = {"variant-file": SimpleUploadedFile("r.wav", setting["wav"]),
                        "variant-language": "hmn"}  # fmt: skip
            if name == "bulletin-action" and person == "approver":
                setting["bulletin"].refresh_from_db()
            response = client.get(url) if method == "get" else client.post(url, data)
            got[name].append(response.status_code)
    assert got == {name: expected for name, (_m, expected) in MATRIX.items()}
