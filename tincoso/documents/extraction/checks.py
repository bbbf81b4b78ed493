"""The checks an upload passes before any parsing: size, emptiness, extension, real type."""

from __future__ import annotations

import re
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from tincoso.documents.extraction.errors import ExtractionError
from tincoso.documents.pdf_text import pdf_start

# Extensions of page images we recognise (scans and phone photos of a page).
IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "tif", "tiff"})
ACCEPTED_EXTENSIONS = frozenset({"txt", "docx", "pdf"}) | IMAGE_EXTENSIONS

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Format names used as %(actual)s / %(ext)s parameters.  Only the ones with words
# in them need translating; the lazy strings are rendered in the message's language.
_LABEL_TEXT = _("văn bản thuần (.txt)")
_LABEL_NO_EXTENSION = _("(không có đuôi)")


def check_upload(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The checks that need no parsing (size, emptiness, extension, real type), so
    an upload can be refused before it is stored; returns the extension."""
    # Length first: nothing else may run on an oversized upload.
    if len(data) > max_bytes:
        raise ExtractionError("too_large", size=megabytes(len(data)), limit=megabytes(max_bytes))
    if not data:
        raise ExtractionError("empty")

    ext = _extension(filename)
    if ext not in ACCEPTED_EXTENSIONS:
        raise ExtractionError("unsupported_type", ext=f".{ext}" if ext else _LABEL_NO_EXTENSION)

    actual, label = _sniff(data)
    expected = {"txt": "text", "docx": "zip", "pdf": "pdf"}.get(ext, "image")
    if actual != expected:
        if ext == "docx" and actual == "ole" and _is_encrypted_office(data):
            # Word saves a password-protected .docx as an OLE container.
            raise ExtractionError("encrypted", kind=".docx")
        raise ExtractionError(
            "wrong_extension", filename=short_name(filename), ext=f".{ext}", actual=label
        )
    return ext


def megabytes(n: int) -> Any:
    """A size in MB, formatted lazily so each language gets its decimal separator."""
    value = n / (1024 * 1024)
    return _lazy_number(value, 0 if value == int(value) else 1)


# Evaluated when the message is rendered, inside translation.override(language).
_lazy_number = lazy(lambda value, places: number_format(value, decimal_pos=places), str)


def short_name(filename: str, limit: int = 80) -> str:
    """The file's own name (browsers may send a path), cut to a readable length."""
    name = re.split(r"[\\/]", filename)[-1]
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _extension(filename: str) -> str:
    name = short_name(filename, limit=10**6).strip().rstrip(".")
    base, dot, ext = name.rpartition(".")
    return ext.lower() if dot and base else ""


# ---------------------------------------------------------------------------
# Type sniffing
# ---------------------------------------------------------------------------
# (magic bytes, kind, label).  Only "pdf", "zip" and "text" can ever be accepted;
# the others exist to name the real type in the error message.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "pdf", "PDF"),
    (b"PK\x03\x04", "zip", "ZIP"),
    (b"PK\x05\x06", "zip", "ZIP"),  # an empty archive
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole", "DOC/XLS (Office 97–2003)"),
    (b"MZ", "exe", "EXE"),
    (b"\x7fELF", "exe", "ELF"),
    (b"\x89PNG\r\n\x1a\n", "image", "PNG"),
    (b"\xff\xd8\xff", "image", "JPEG"),
    (b"GIF8", "gif", "GIF"),
    (b"II*\x00", "image", "TIFF"),
    (b"MM\x00*", "image", "TIFF"),
    (b"Rar!\x1a\x07", "archive", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "archive", "7z"),
    (b"\x1f\x8b", "archive", "GZIP"),
    (b"{\\rtf", "rtf", "RTF"),
)


def _sniff(data: bytes) -> tuple[str, Any]:
    """The real type of ``data`` and a label naming it, from its first bytes."""
    head = data[:16]
    # PDF readers accept bytes before the header (whitespace, or a few junk bytes a
    # mail gateway or download script added); the trailer at the end confirms it.
    start = pdf_start(data)
    if start == 0 or (start > 0 and (not data[:start].strip() or b"%%EOF" in data[-2048:])):
        return "pdf", "PDF"
    for magic, kind, label in _MAGIC:
        if head.startswith(magic):
            return kind, label
    return "text", _LABEL_TEXT


def _is_encrypted_office(data: bytes) -> bool:
    """An OLE file holding an "EncryptedPackage" stream: a password-protected OOXML."""
    return "EncryptedPackage".encode("utf-16-le") in data
