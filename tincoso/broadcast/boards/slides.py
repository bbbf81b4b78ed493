"""The slides of a board: what it shows, made from what the public may read.

- Portal items (bulletins, articles, notices) that are live (published, not
  expired), for everyone (members-only items never reach a public screen), of the
  board's unit or a unit above it: never a sibling's or a child's. Notices first,
  then the newest; at most ``BOARD_MAX_ITEMS`` (12).
- The QR code of the feedback form (/gop-y/) for the board's unit, as SVG.
- The weather of the day, when an officer typed it for the unit or a unit above
  (the nearest wins).

Every slide has a duration, longer for longer text. Images are referenced by URL
and SHA-256 (the URL names the hash; ``media`` tells what file it is).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import mimetypes
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import segno
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from tincoso.broadcast.boards.models import Weather
from tincoso.broadcast.devices.manifest import site_root
from tincoso.broadcast.devices.models import Device
from tincoso.core.env import env_int
from tincoso.core.text import clean_line
from tincoso.publishing.models import Item, ItemImage
from tincoso.publishing.services import live

KINDS = (Item.Kind.NOTICE, Item.Kind.BULLETIN, Item.Kind.ARTICLE)
TEXT_CHARS = 420
QR_MS = 15_000
WEATHER_MS = 12_000


@dataclass(frozen=True)
class Media:
    """What a slide's media URL serves: a stored file, or the QR code of ``qr_url``."""

    content_type: str
    size: int
    storage_name: str = ""
    qr_url: str = ""


@dataclass
class Slides:
    slides: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, Media] = field(default_factory=dict)  # sha256 -> what it is


def duration_ms(title: str, text: str, fixed: int = 0) -> int:
    """Long enough to read from afar: 8 s plus a second for every 15 characters,
    between 10 and 40 seconds (``fixed`` for the QR code and the weather).
    ``BOARD_SLIDE_MS`` makes every slide last that long (demos, browser tests)."""
    forced = env_int("BOARD_SLIDE_MS", 0)
    if forced > 0:
        return max(1000, forced)
    if fixed:
        return fixed
    return max(10_000, min(8_000 + (len(title) + len(text)) * 1000 // 15, 40_000))


def media_url(sha256: str) -> str:
    return site_root() + reverse("board-media", args=[sha256])


_SHA: dict[tuple[str, int], str] = {}


def file_sha256(stored: Any) -> str:
    """The SHA-256 of a stored image (kept per name and size: uploads get new names)."""
    key = (stored.name, stored.size)
    if key not in _SHA:
        digest = hashlib.sha256()
        with stored.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
        _SHA[key] = digest.hexdigest()
    return _SHA[key]


@lru_cache(maxsize=256)
def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=2, xmldecl=True, title=url)
    return buffer.getvalue()


def _add_media(found: Slides, media: Media, sha256: str) -> dict[str, Any]:
    found.media[sha256] = media
    return {"url": media_url(sha256), "sha256": sha256, "size": media.size,
            "content_type": media.content_type}


def _image(found: Slides, image: ItemImage | None) -> dict[str, Any] | None:
    if image is None:
        return None
    stored = image.small if image.small else image.file
    try:
        sha256, size = file_sha256(stored), stored.size
    except OSError:  # a missing file: the slide goes without its picture
        return None
    kind = mimetypes.guess_type(stored.name or "")[0] or "application/octet-stream"
    return _add_media(found, Media(kind, size, storage_name=stored.name or ""), sha256)


def items_for(device: Device) -> list[Item]:
    paths = device.unit.paths_above()
    notices_first = Case(When(kind=Item.Kind.NOTICE, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    qs = (live().filter(unit__path__in=paths, audience=Item.Audience.PUBLIC, kind__in=KINDS,
                        translation_of=None, published_version__isnull=False)
          .select_related("unit", "published_version")
          .order_by(notices_first, "-published_at", "-id"))
    return list(qs[: max(0, min(env_int("BOARD_MAX_ITEMS", 12), 50))])


def _item_slides(found: Slides, device: Device) -> None:
    items = items_for(device)
    images: dict[int, ItemImage] = {}
    for image in ItemImage.objects.filter(item__in=items, pending=False).order_by("-id"):
        images[image.item_id] = image  # the first image of each item wins
    for item in items:
        version = item.published_version
        assert version is not None
        title = clean_line(version.title)
        text = clean_line(version.summary or html.unescape(strip_tags(version.body_html)))
        text = Truncator(text).chars(TEXT_CHARS)
        found.slides.append({
            "id": f"item-{item.pk}", "kind": item.kind, "title": title, "text": text,
            "unit": clean_line(item.unit.name), "duration_ms": duration_ms(title, text),
            "published_at": item.published_at.strftime("%Y-%m-%d") if item.published_at
            else None,
            "media": _image(found, images.get(item.pk)),
        })  # fmt: skip


def feedback_url(device: Device) -> str:
    return f"{site_root()}{reverse('feedback-submit')}?unit={device.unit.code}"


def _qr_slide(found: Slides, device: Device) -> None:
    url = feedback_url(device)
    svg = qr_svg(url)
    media = Media("image/svg+xml", len(svg), qr_url=url)
    found.slides.append({
        "id": "qr-feedback", "kind": "qr", "title": "Góp ý, phản ánh",
        "text": clean_line(f"Quét mã QR để gửi góp ý, phản ánh tới {device.unit.name}."),
        "unit": clean_line(device.unit.name), "duration_ms": duration_ms("", "", QR_MS),
        "published_at": None,
        "url": url, "media": _add_media(found, media, hashlib.sha256(svg).hexdigest()),
    })  # fmt: skip


def weather_for(device: Device, now: dt.datetime) -> Weather | None:
    return (Weather.objects.filter(unit__path__in=device.unit.paths_above(),
                                   day=timezone.localdate(now))
            .select_related("unit").order_by("-unit__depth").first())


def _weather_slide(found: Slides, device: Device, now: dt.datetime) -> None:
    weather = weather_for(device, now)
    if weather is None or not weather.text.strip():
        return
    text = clean_line(weather.text)
    found.slides.append({
        "id": f"weather-{weather.day:%Y%m%d}", "kind": "weather",
        "title": "Thời tiết hôm nay", "text": text, "unit": clean_line(weather.unit.name),
        "duration_ms": duration_ms("", "", WEATHER_MS),
        "published_at": f"{weather.day:%Y-%m-%d}", "media": None,
    })  # fmt: skip


def slides_for(device: Device, now: dt.datetime) -> Slides:
    found = Slides()
    _weather_slide(found, device, now)
    _item_slides(found, device)
    _qr_slide(found, device)
    return found
