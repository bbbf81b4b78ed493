"""Stations around the shared tree: the commune's station with a cluster in its
village and one elsewhere, two daily slots, a sibling commune with its own station,
and the committee's propaganda board guiding the commune for dispatch.

The clock stands at Monday 4 March 2030, 05:00 in Vietnam."""

from __future__ import annotations

import datetime as dt
import io
import wave
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.stations import services
from tincoso.broadcast.stations.models import Station
from tincoso.core import clock
from tincoso.units import guidance
from tincoso.units.models import Unit, UnitKind

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = dt.date(2030, 3, 4)


def at(hour: int, minute: int = 0, second: int = 0, day: dt.date = MONDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=VN)


def wav_bytes(seconds: float = 0.2) -> bytes:
    """A real, tiny, silent WAV file."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * int(8000 * seconds))
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media_and_clock(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    clock.set(at(5))


MakeBulletin = Callable[..., Bulletin]


@pytest.fixture
def make_bulletin(db: Any) -> MakeBulletin:
    count = iter(range(1, 10_000))

    def make(unit: Unit, seconds: float = 60, status: str = "approved", audio: bool = True,
             title: str = "") -> Bulletin:
        n = next(count)
        bulletin = Bulletin(unit=unit, title=title or f"Bản tin {n}", text="Nội dung",
                            status=status, duration=seconds if audio else None)
        if audio:
            bulletin.audio.save(f"b{n}.wav", ContentFile(wav_bytes() + bytes([n % 256])),
                                save=False)
        bulletin.save()
        return bulletin

    return make


@pytest.fixture
def commune2(tree: dict[str, Unit]) -> Unit:
    province = Unit.objects.get(pk=tree["province"].pk)
    made = Unit.objects.add_child(
        province, {"code": "commune-2", "name": "Xã Hồng Thu", "kind": UnitKind.COMMUNE})
    return Unit.objects.get(pk=made.pk)


@pytest.fixture
def station(tree: dict[str, Unit]) -> Station:
    made = services.create_station(None, tree["commune"], "Đài xã Đồng Tâm")
    services.save_cluster(None, made, services.ClusterData(
        name="Cụm loa Nà Khum", village=tree["village"], latitude="22.3", longitude="103.6",
        group="Bản"))
    services.save_cluster(None, made, services.ClusterData(
        name="Cụm loa trung tâm", village_name="Trung tâm xã", group="Trung tâm"))
    services.save_slot(None, made, "0123456", dt.time(6, 0), dt.time(6, 30))
    services.save_slot(None, made, "0123456", dt.time(17, 0), dt.time(17, 30))
    return made


@pytest.fixture
def station2(commune2: Unit) -> Station:
    made = services.create_station(None, commune2, "Đài xã Hồng Thu")
    services.save_slot(None, made, "0123456", dt.time(6, 0), dt.time(6, 30))
    return made


@pytest.fixture
def guiding_board(board: Unit, tree: dict[str, Unit]) -> Unit:
    """The committee's board guides the commune (not the sibling commune)."""
    guidance.link(None, board, tree["commune"], ["dispatch", "figures"])
    return board
