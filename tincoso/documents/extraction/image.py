"""Page images (scans, phone photos; each frame of a TIFF is a page), read by OCR."""

from __future__ import annotations

import io
import logging

from django.utils.translation import gettext_lazy as _

from tincoso.documents.extraction.cleaning import clean_text
from tincoso.documents.extraction.errors import ExtractionError
from tincoso.documents.extraction.result import Extracted, Progress, no_progress
from tincoso.documents.ocr import OcrError, ocr_image, vietnamese_ocr_available

logger = logging.getLogger(__name__)

# Decoded pixels, not file size, are what an image costs: a 5 MB PNG can hold a
# 50,000 × 50,000 canvas.  A 600 dpi A3 scan is about 70 million pixels.
MAX_IMAGE_PIXELS = 80_000_000
MAX_OCR_SIDE = 3500

LABEL_IMAGE = _("tệp ảnh")


def extract_image(
    data: bytes, *, max_pages: int, ocr: bool | None, progress: Progress | None = None
) -> Extracted:
    """OCR a page image (PNG, JPEG, TIFF — each frame of a TIFF is a page)."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    if ocr is False or not vietnamese_ocr_available():
        raise ExtractionError("no_ocr_for_image")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ExtractionError("image_too_large")
            frames = getattr(image, "n_frames", 1)
            if frames > max_pages:
                raise ExtractionError("too_many_pages", pages=frames, limit=max_pages)
            texts: list[str] = []
            handwritten: set[str] = set()
            for frame in ImageSequence.Iterator(image):
                (progress or no_progress)(len(texts) + 1, frames)
                if frame.width * frame.height > MAX_IMAGE_PIXELS:
                    raise ExtractionError("image_too_large")
                frame.load()
                page = ImageOps.exif_transpose(frame)  # before resizing drops the tag
                # A 12-megapixel phone photo holds more pixels than OCR can use;
                # the long side of an A4 page at 300 dpi is 3508 pixels.
                page.thumbnail((MAX_OCR_SIDE, MAX_OCR_SIDE))
                header = handwritten if not texts else None  # the first page's
                texts.append(clean_text(ocr_image(page, handwritten=header)))
    except ExtractionError:
        raise
    except OcrError as exc:
        raise ExtractionError("ocr_failed") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        # Pillow reports truncated and malformed files with these.
        logger.info("unreadable image: %r", exc)
        raise ExtractionError("corrupt", kind=LABEL_IMAGE) from exc
    except Image.DecompressionBombError as exc:
        raise ExtractionError("image_too_large") from exc
    text = clean_text("\n\n".join(texts))
    if not text:
        raise ExtractionError("empty")
    return Extracted(
        text=text,
        kind="image",
        pages=len(texts),
        ocr=True,
        ocr_pages=tuple(range(1, len(texts) + 1)),
        handwritten=tuple(sorted(handwritten)),
    )
