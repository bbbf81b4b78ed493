"""Images for items: decoded and re-encoded by core.images (metadata dropped), plus a
small rendition for phones on slow links; and files attached to items."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from tincoso.core.images import ImageError, decode, encode
from tincoso.core.text import clean_line
from tincoso.publishing.models import Item, ItemImage
from tincoso.publishing.services import files_pending_on, notify_file_pending
from tincoso.units import permissions
from tincoso.units.permissions import Action

__all__ = ["ImageError", "add_attachment", "add_image"]

MAX_BYTES = 10 * 1024 * 1024
LARGE = 2048  # the page's image; enough for a poster photographed on a phone
SMALL = 640  # the rendition for phones on slow links


def add_image(actor: Any, item: Item, data: bytes, alt: str) -> ItemImage:
    permissions.require(actor, Action.EDIT_CONTENT, item.unit)
    alt = clean_line(alt)
    if not alt:
        raise ImageError(_("Ảnh cần có mô tả cho người không nhìn thấy."))
    image = decode(data, max_bytes=MAX_BYTES)
    record = ItemImage(item=item, alt=alt, **_review(actor, item))
    record.file.save("anh.jpg", ContentFile(encode(image, LARGE, quality=82)), save=False)
    record.small.save("anh-nho.jpg", ContentFile(encode(image, SMALL, quality=82)), save=False)
    record.save()
    _tell(actor, item, record.pending, alt)
    return record


def _review(actor: Any, item: Item) -> dict[str, Any]:
    """A file added once the item is approved waits for an approver (four eyes)."""
    added_by = actor if getattr(actor, "pk", None) else None
    return {"pending": files_pending_on(item), "added_by": added_by}


def _tell(actor: Any, item: Item, pending: bool, name: str) -> None:
    if pending:
        notify_file_pending(actor, item, name)


ATTACHMENT_TYPES = {
    ".pdf": b"%PDF",
    ".docx": b"PK",
    ".xlsx": b"PK",
    ".odt": b"PK",
    ".txt": b"",
    ".jpg": b"\xff\xd8",
    ".jpeg": b"\xff\xd8",
    ".png": b"\x89PNG",
}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def add_attachment(actor: Any, item: Item, name: str, data: bytes) -> Any:
    """A file readers can download from the item's page (documents, forms, pictures)."""
    from pathlib import PurePath

    from django.utils.text import get_valid_filename

    from tincoso.core.text import fold
    from tincoso.publishing.models import ItemAttachment

    permissions.require(actor, Action.EDIT_CONTENT, item.unit)
    name = clean_line(PurePath(name or "").name)[:200]
    suffix = PurePath(name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ImageError(_("Chỉ nhận tệp .pdf, .docx, .xlsx, .odt, .txt, .jpg, .png."))
    if not data:
        raise ImageError(_("Tệp rỗng."))
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ImageError(_("Tệp quá lớn (tối đa 20 MB)."))
    if not data.startswith(ATTACHMENT_TYPES[suffix]):
        raise ImageError(_("Nội dung tệp không đúng với phần mở rộng %(suffix)s."), suffix=suffix)
    record = ItemAttachment(item=item, name=name, **_review(actor, item))
    record.file.save(get_valid_filename(fold(name)) or "tep", ContentFile(data), save=True)
    _tell(actor, item, record.pending, name)
    return record
