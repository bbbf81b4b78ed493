"""Screenshot proof: the PNG a board sends when an officer asks for one (the page
draws its current slide on a canvas; see docs/device-protocol.md §9.9). Only the
latest is kept per board. Anything but a sound PNG of sensible size is refused
whole, and the previous screenshot stays."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from tincoso.broadcast.boards import commands
from tincoso.broadcast.boards.manifest import state_of
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.uplink import TooLargeError, UplinkError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4096
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SLIDE_ID = re.compile(r"^[A-Za-z0-9._:-]{0,64}$")


def _check(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise TooLargeError(_("Ảnh chụp màn hình quá lớn (tối đa %(n)s MB)."),
                            n=MAX_BYTES // (1024 * 1024))
    if not data.startswith(PNG_MAGIC):
        raise UplinkError(_("Ảnh chụp màn hình phải là tệp PNG."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UplinkError(_("Ảnh chụp màn hình phải là tệp PNG.")) from None
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise UplinkError(_("Ảnh chụp màn hình có kích thước không hợp lệ."))


def store(device: Device, data: bytes, slide_id: str, now: dt.datetime) -> None:
    _check(data)
    if not SLIDE_ID.match(slide_id):
        raise UplinkError(_("Mã trang trình chiếu không hợp lệ."))
    state = state_of(device)
    old = state.screenshot.name if state.screenshot else ""
    state.screenshot.save(f"board-{device.pk}-{now:%Y%m%d%H%M%S}.png", ContentFile(data),
                          save=False)
    state.screenshot_at = now
    state.screenshot_slide = slide_id
    state.save(update_fields=["screenshot", "screenshot_at", "screenshot_slide"])
    if old and old != state.screenshot.name:
        state.screenshot.storage.delete(old)
    commands.screenshot_arrived(device)
