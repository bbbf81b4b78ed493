"""People, media and helpers for the bulletin tests.

province
├── committee ── board (Ban Tuyên giáo; guides the commune where a test links it)
│   ├── cell-a, cell-b
└── commune          editor, approver (unless a test needs a commune without one)
    └── village
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tincoso.broadcast.bulletins import services
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.conftest import person_with
from tincoso.units.models import Guidance, Role, Unit

TEXT = (
    "Ủy ban nhân dân xã thông báo: từ đêm nay đến hết ngày mai trên địa bàn xã có mưa to.\n"
    "Đề nghị bà con không đi qua ngầm tràn khi nước dâng cao, không vớt củi trên sông suối."
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(tree: dict[str, Unit]) -> dict[str, Any]:
    return {
        "editor": person_with(Role.EDITOR, tree["commune"], "editor"),
        "approver": person_with(Role.APPROVER, tree["commune"], "approver"),
        "far_approver": person_with(Role.APPROVER, tree["committee"], "far-approver"),
    }


@pytest.fixture
def guided(tree: dict[str, Unit], board: Unit) -> dict[str, Any]:
    """A commune without an approver of its own, guided by the board, whose approver
    approves for it."""
    Guidance.objects.create(guide=board, guided=tree["commune"])
    return {
        "editor": person_with(Role.EDITOR, tree["commune"], "guided-editor"),
        "board_approver": person_with(Role.APPROVER, board, "board-approver"),
    }


def write(editor: Any, unit: Unit, title: str = "Thông báo mưa lớn", text: str = TEXT) -> Bulletin:
    return services.create_bulletin(editor, unit, services.Draft(title=title, text=text))


def run_worker() -> None:
    """The real database worker, once over whatever is queued (``db_worker --batch``)."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def tone(path: Path, seconds: float = 3.0, volume: float = 0.05) -> Path:
    """A quiet sine tone in whatever container ``path``'s suffix names (ffmpeg)."""
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"sine=frequency=440:duration={seconds}", "-af", f"volume={volume}", "-ac", "2",
         str(path)],
        check=True,
    )  # fmt: skip
    return path
