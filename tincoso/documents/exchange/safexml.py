"""Reading XML from outside without trusting it.

Refused before the parser sees it: more than the size limit, anything but UTF-8,
any DOCTYPE or ENTITY declaration (XXE, "billion laughs"). The parser itself
resolves no entities, reads no DTD and opens no network. ``huge_tree`` is on: libxml2
otherwise refuses a text node over 10 MB, i.e. any attachment over 7.5 MB in base64;
the size limit above bounds what it reads instead.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from tincoso.documents.exchange import errors
from tincoso.documents.exchange.errors import EnvelopeError

_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_BOM = b"\xef\xbb\xbf"


def _parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def parse(data: bytes, *, max_bytes: int) -> Any:
    """The root element of ``data``, or an :class:`EnvelopeError` saying why not."""
    if len(data) > max_bytes:
        raise EnvelopeError(errors.TOO_BIG, size=megabytes(len(data)), limit=megabytes(max_bytes))
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        raise EnvelopeError(errors.ENCODING, encoding="UTF-16")
    declared = _DECLARED.match(data[:200])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise EnvelopeError(errors.ENCODING, encoding=encoding)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EnvelopeError(errors.ENCODING, encoding="?") from exc
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise EnvelopeError(errors.DTD)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise EnvelopeError(errors.NOT_XML, reason=str(exc)[:200]) from exc
    if root.getroottree().docinfo.internalDTD is not None:  # belt and braces
        raise EnvelopeError(errors.DTD)
    return root
