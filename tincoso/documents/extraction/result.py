"""What extracting a document gives back, and how it reports progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["txt", "docx", "pdf", "image"]


@dataclass(frozen=True)
class Extracted:
    """The text of a document and how it was obtained.

    ``encoding`` is set for .txt ("utf-8", "utf-16", "cp1258", "tcvn3" or "vni");
    for .docx and .pdf it is None, or "tcvn3"/"vni" when text typed in a legacy
    font (.VnTime, VNI-Times) was converted.  ``pages`` is only set for .pdf and
    images; ``ocr`` is True when text was recognised from page images rather than
    read from a text layer, and ``ocr_pages`` lists those pages (1-based).
    ``handwritten`` names the fields ("number", "date") read from handwriting
    filled into the header's blanks (:mod:`tincoso.documents.handwriting`): the
    officer must confirm them.
    """

    text: str
    kind: Kind
    encoding: str | None = None
    pages: int | None = None
    ocr: bool = False
    ocr_pages: tuple[int, ...] = ()
    handwritten: tuple[str, ...] = ()


Progress = Callable[[int, int], None]  # (page being read, pages)


def no_progress(page: int, pages: int) -> None:
    return None
