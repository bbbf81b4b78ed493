"""Safe handling of uploaded pictures: decode with Pillow, re-encode, drop all metadata.

A photo from a phone carries EXIF: the camera, the time and often the GPS
position of whoever took it; a JPEG may carry comments and XMP too. Re-encoding
from pixels into a fresh image keeps none of it, and a file that only pretends
to be an image (or is a decompression bomb) is refused before anything is
stored. Feedback and activity photos (:func:`sanitize_image`) and item images
(:func:`decode` + :func:`encode`, two sizes) all pass through here.
"""

from __future__ import annotations

import io
import warnings

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from tincoso.core.errors import DomainError

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is a bomb, not a phone picture
MAX_SIDE = 2048  # stored photos are resized to fit; enough to read a sign or a document
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


class ImageError(DomainError):
    code = "invalid_image"


def sanitize_image(data: bytes, *, max_bytes: int = MAX_IMAGE_BYTES) -> bytes:
    """The photo re-encoded as a metadata-free JPEG; ImageError when it is not a photo."""
    return encode(decode(data, max_bytes=max_bytes), MAX_SIDE)


def decode(data: bytes, *, max_bytes: int = MAX_IMAGE_BYTES) -> Image.Image:
    """The picture's pixels, upright (EXIF orientation applied), in RGB or L, with no
    metadata at all; ImageError when it is not a picture we accept."""
    if not data:
        raise ImageError(_("Tệp ảnh rỗng."))
    if len(data) > max_bytes:
        raise ImageError(_("Ảnh quá lớn (tối đa %(mb)s MB)."), mb=max_bytes // (1024 * 1024))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise ImageError(_("Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."))
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ImageError(_("Ảnh có kích thước điểm ảnh quá lớn."))
                probe.load()
                image = ImageOps.exif_transpose(probe)
    except ImageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(_("Tệp không phải là ảnh hợp lệ hoặc đã bị hỏng.")) from exc
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    # A fresh image object has no info dict to carry: no EXIF, ICC, XMP or comments.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def encode(image: Image.Image, side: int, *, quality: int = 85) -> bytes:
    """A JPEG of ``image`` fitting in ``side`` × ``side`` pixels."""
    if image.width > side or image.height > side:
        image = image.copy()
        image.thumbnail((side, side))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()
