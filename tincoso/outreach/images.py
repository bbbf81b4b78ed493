"""Safe handling of uploaded photos: decode with Pillow, re-encode, drop all metadata.

A photo from a phone carries EXIF: the camera, the time and often the GPS
position of whoever took it. Re-encoding from pixels keeps none of it, and a
file that only pretends to be an image (or is a decompression bomb) is refused
before anything is stored. The feedback app uses the same function.
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
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    # A fresh image object has no info dict to carry: no EXIF, ICC, XMP or comments.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
