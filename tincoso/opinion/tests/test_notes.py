"""Notes: personal data refused, who may file, read and edit them."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.conftest import make_user, person_with
from tincoso.core.errors import PermissionDeniedError
from tincoso.feedback.services import personal_data_in
from tincoso.opinion import services
from tincoso.opinion.models import Note, Topic
from tincoso.opinion.privacy import PersonalDataError
from tincoso.opinion.tests.conftest import note
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db

PERSONAL = [
    "Ông Tư (0912 345 678) nói giá điện tăng",
    "gọi 0912.345.678 để biết thêm",
    "số +84 912 345 678 hay nhắn tin",
    "số 84912345678 là của ai",
    "CCCD 001203004567 của một người dân",
    "CMND 123456789 bị lộ",
    "liên hệ anh.tu@example.vn nhé",
]


@pytest.mark.parametrize("text", PERSONAL)
def test_a_note_with_personal_data_is_refused_pointing_at_it(
        tree: dict[str, Unit], collaborator: Any, text: str) -> None:
    with pytest.raises(PersonalDataError) as caught:
        note(tree["village"], "gia-ca", by=collaborator, summary=text)
    both = caught.value.bilingual()
    assert "thông tin cá nhân" in both["vi"] and "personal data" in both["en"]
    found = personal_data_in(text)[0].strip()
    assert found in both["vi"] and found in both["en"]
    assert not Note.objects.exists()


def test_personal_data_in_suggestions_is_refused_too(tree: dict[str, Unit],
                                                     collaborator: Any) -> None:
    with pytest.raises(PersonalDataError):
        services.file_note(collaborator, tree["village"], services.NoteData(
            topic=Topic.objects.get(slug="y-te"), summary="Trạm y tế thiếu thuốc",
            reach="few", mood="worried", suggestions="Gọi bác sĩ 0988 111 222"))
    assert not Note.objects.exists()


def test_figures_without_personal_meaning_are_accepted(tree: dict[str, Unit],
                                                       collaborator: Any) -> None:
    made = note(tree["village"], "gia-ca", by=collaborator,
                summary="Giá điện tháng 11/2026 tăng 15%, hộ dùng 120 kWh trả thêm 30.000 đồng")
    assert made.filed_by == collaborator


def test_only_collaborators_of_the_unit_or_above_may_file(
        tree: dict[str, Unit], village_b: Unit, collaborator: Any) -> None:
    assert note(tree["village"], "gia-ca", by=collaborator).unit == tree["village"]
    with pytest.raises(PermissionDeniedError):
        note(village_b, "gia-ca", by=collaborator)
    editor = person_with(Role.EDITOR, tree["commune"], "editor")
    with pytest.raises(PermissionDeniedError):
        note(tree["village"], "gia-ca", by=editor)


def test_collaborators_read_only_their_units_notes(
        tree: dict[str, Unit], village_b: Unit, collaborator: Any) -> None:
    other = make_user("ctv-b")
    services.name_collaborator(None, village_b, other)
    mine = note(tree["village"], "gia-ca", by=collaborator)
    theirs = note(village_b, "dat-dai", by=other)
    assert list(services.notes_visible_to(collaborator)) == [mine]
    assert list(services.notes_visible_to(other)) == [theirs]


def test_a_guiding_board_reads_no_notes_but_the_unit_line_does(
        tree: dict[str, Unit], board: Unit, collaborator: Any) -> None:
    from tincoso.units import guidance

    guidance.link(None, board, tree["commune"], ["figures"])
    board_editor = person_with(Role.EDITOR, board, "board-editor")
    commune_officer = person_with(Role.OFFICER, tree["commune"], "commune-officer")
    made = note(tree["village"], "gia-ca", by=collaborator)
    assert not services.notes_visible_to(board_editor).exists()
    assert list(services.notes_visible_to(commune_officer)) == [made]


def test_only_the_author_edits_a_note(tree: dict[str, Unit], collaborator: Any) -> None:
    made = note(tree["village"], "gia-ca", by=collaborator)
    colleague = make_user("ctv-2")
    services.name_collaborator(None, tree["village"], colleague)
    data = services.NoteData(topic=made.topic, summary="Đã đỡ hơn", reach="few", mood="mixed")
    with pytest.raises(PermissionDeniedError):
        services.edit_note(colleague, made, data)
    services.edit_note(collaborator, made, data)
    made.refresh_from_db()
    assert made.summary == "Đã đỡ hơn"


def test_naming_a_collaborator_needs_manage_members(tree: dict[str, Unit]) -> None:
    officer = person_with(Role.OFFICER, tree["commune"], "officer")
    admin = person_with(Role.ADMIN, tree["commune"], "admin")
    someone = make_user("someone")
    with pytest.raises(PermissionDeniedError):
        services.name_collaborator(officer, tree["village"], someone)
    services.name_collaborator(admin, tree["village"], someone)
    assert services.can_file(someone, tree["village"])
