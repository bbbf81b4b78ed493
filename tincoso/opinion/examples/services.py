"""Good examples: the rules, as plain functions.

- submit: whoever may ``LOG_ACTIVITY`` on the unit (its officers, editors, reporters);
  photos are re-encoded without metadata before anything is stored;
- read (text and photos, before publication): the unit's own line (``VIEW`` on it or
  above) and the boards that guide it; never a sibling unit;
- select or decline: an editor of a board (a unit guiding others for figures,
  ``opinion.emerging.boards``) whose reach covers the unit. Selecting writes a
  ``publishing`` draft in the board's name, in the portal series ``SERIES_SLUG``,
  with the photos; it goes public only once another person approves it (four eyes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.images import MAX_IMAGE_BYTES, ImageError, sanitize_image
from tincoso.core.text import clean_line, nfc
from tincoso.opinion.emerging import boards
from tincoso.opinion.examples.models import ExamplePhoto, GoodExample
from tincoso.opinion.services import within
from tincoso.publishing import services as publishing
from tincoso.publishing.images import add_image
from tincoso.publishing.models import Item
from tincoso.publishing.models import Topic as Series
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

SERIES_SLUG = "dien-hinh-cach-lam-hay"
SERIES_NAME = "Điển hình, cách làm hay"
MAX_PHOTOS = 4
MAX_LINE = 200
MAX_TEXT = 3000
S = GoodExample.Status


class ExampleError(DomainError):
    code = "invalid_example"


@dataclass
class ExampleData:
    title: str
    place: str
    what: str
    result: str


def _checked(data: ExampleData) -> ExampleData:
    title, place = clean_line(data.title or ""), clean_line(data.place or "")
    what, result = nfc(data.what or "").strip(), nfc(data.result or "").strip()
    if not (title and place and what and result):
        raise ExampleError(_("Hãy ghi đủ: tên, ở đâu, đã làm gì và kết quả."))
    if len(title) > MAX_LINE or len(place) > MAX_LINE:
        raise ExampleError(_("Tên và nơi làm dài quá %(n)s ký tự."), n=MAX_LINE)
    if len(what) > MAX_TEXT or len(result) > MAX_TEXT:
        raise ExampleError(_("Nội dung dài quá %(n)s ký tự."), n=MAX_TEXT)
    return ExampleData(title=title, place=place, what=what, result=result)


def clean_photos(photos: list[bytes]) -> list[bytes]:
    """Every photo re-encoded (no EXIF, no GPS); ImageError before anything is stored."""
    if len(photos) > MAX_PHOTOS:
        raise ExampleError(_("Gửi tối đa %(n)s ảnh."), n=MAX_PHOTOS)
    return [sanitize_image(p, max_bytes=MAX_IMAGE_BYTES) for p in photos]


@transaction.atomic
def submit(actor: Any, unit: Unit, data: ExampleData, photos: list[bytes]) -> GoodExample:
    permissions.require_unless_system(actor, Action.LOG_ACTIVITY, unit)
    data = _checked(data)
    cleaned = clean_photos(photos)
    example = GoodExample.objects.create(
        unit=unit, title=data.title, place=data.place, what=data.what, result=data.result,
        submitted_by=actor if getattr(actor, "pk", None) else None, submitted_at=clock.now())
    for n, jpeg in enumerate(cleaned, start=1):
        photo = ExamplePhoto(example=example)
        photo.file.save(f"dien-hinh-{example.pk}-{n}.jpg", ContentFile(jpeg), save=False)
        photo.save()
    return example


def board_units(user: Any, action: Action) -> list[Unit]:
    """The boards where ``user`` may do ``action``."""
    return [b for b in boards() if permissions.can(user, action, b)]


def _board_reach(user: Any, action: Action) -> list[str]:
    return [p for b in board_units(user, action) for p in permissions.reach_paths(b, "figures")]


def visible_to(user: Any) -> QuerySet[GoodExample]:
    everything = GoodExample.objects.all()
    own = permissions.root_paths(user, Action.VIEW)
    if own is None:
        return everything
    return everything.filter(within([*own, *_board_reach(user, Action.VIEW)], "unit"))


def can_read(user: Any, example: GoodExample) -> bool:
    return visible_to(user).filter(pk=example.pk).exists()


def board_for(user: Any, example: GoodExample) -> Unit | None:
    """The board in whose name ``user`` selects ``example``; None if they may not."""
    for board in board_units(user, Action.EDIT_CONTENT):
        if any(example.unit.path.startswith(p) for p in permissions.reach_paths(board, "figures")):
            return board
    return None


def _decider(actor: Any, example: GoodExample) -> Unit:
    board = board_for(actor, example)
    if board is None:
        raise PermissionDeniedError(_("Chỉ Ban Tuyên giáo chỉ đạo đơn vị này mới chọn đăng."))
    if example.status != S.SUBMITTED:
        raise ExampleError(_("Điển hình này đã được xem xét."))
    return board


def _body(example: GoodExample) -> str:
    """The article's text, in Vietnamese (the item's language) whoever selects it."""
    return "\n\n".join([f"**Ở đâu:** {example.place} ({example.unit.name})",
                        f"**Cách làm:** {example.what}", f"**Kết quả:** {example.result}"])


@transaction.atomic
def select(actor: Any, example: GoodExample) -> Item:
    """A draft article in the board's name, in the series; it waits for approval."""
    board = _decider(actor, example)
    Series.objects.get_or_create(slug=SERIES_SLUG, defaults={"name": SERIES_NAME})
    item = publishing.create_item(actor, board, publishing.Draft(
        title=example.title, kind=Item.Kind.ARTICLE, topics=[SERIES_SLUG],
        summary=f"{example.place} — {example.unit.name}", body=_body(example)))
    for n, photo in enumerate(example.photos.all(), start=1):
        with photo.file.open("rb") as handle:
            add_image(actor, item, handle.read(), f"{example.title} ({n})")
    example.status, example.board, example.item = S.SELECTED, board, item
    example.decided_by, example.decided_at = actor, clock.now()
    example.save()
    return item


@transaction.atomic
def decline(actor: Any, example: GoodExample, reason: str = "") -> GoodExample:
    _decider(actor, example)
    example.status, example.reason = S.DECLINED, clean_line(reason or "")[:300]
    example.decided_by, example.decided_at = actor, clock.now()
    example.save()
    return example


__all__ = ["ExampleData", "ExampleError", "ImageError", "decline", "select", "submit"]
