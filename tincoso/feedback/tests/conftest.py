"""Fixtures for feedback tests: an empty cache (rate-limit counters) and photos with EXIF."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def jpeg_with_gps(size: tuple[int, int] = (640, 480)) -> bytes:
    """A JPEG carrying EXIF with a camera model and a GPS position, as phones write them."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Phone-Model-X"  # Model
    exif[0x8825] = {1: "N", 2: (21.0, 2.0, 30.0), 3: "E", 4: (105.0, 50.0, 10.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"taken at home")
    return out.getvalue()


def live_item(unit: Any, title: str = "Lịch tiêm chủng mở rộng tháng 3") -> Any:
    """A published, public portal item of ``unit`` (written and approved by two people)."""
    from tincoso.conftest import make_user
    from tincoso.publishing import services as publishing
    from tincoso.publishing.models import Item
    from tincoso.units.models import Role
    from tincoso.units.services import grant_role

    editor = make_user(f"item-editor-{Item.objects.count()}")
    approver = make_user(f"item-approver-{Item.objects.count()}")
    grant_role(None, editor, unit, Role.EDITOR)
    grant_role(None, approver, unit, Role.APPROVER)
    item = publishing.create_item(editor, unit, publishing.Draft(
        title=title, summary="Tóm tắt.", body="Trạm y tế tiêm vào ngày 15."))
    publishing.submit_for_review(editor, item)
    publishing.approve(approver, item)
    return Item.objects.get(pk=item.pk)
