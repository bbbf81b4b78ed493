"""Bulletin audio served only through the access check, with HTTP range requests.

Browsers' <audio> elements and devices seek and resume with ``Range: bytes=…``;
one range per request is served (206 with Content-Range), a range outside the
file is answered 416 with ``Content-Range: bytes */size`` (RFC 9110 §14).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse

from tincoso.broadcast.bulletins import services
from tincoso.broadcast.bulletins.models import Bulletin

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$")
CHUNK = 64 * 1024


def may_hear(request: HttpRequest, bulletin: Bulletin) -> bool:
    """Who may fetch a bulletin's audio: a person with a role on its unit's subtree
    (or its guiding approver). The seam for devices (issue 14): a device presenting
    its token may fetch a bulletin only if it is ``playable`` and its station's
    programme holds it — add that check here, before the person's."""
    return services.can_view(request.user, bulletin)


def _chunks(fh: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        fh.seek(start)
        left = length
        while left > 0:
            block = fh.read(min(CHUNK, left))
            if not block:
                break
            left -= len(block)
            yield block
    finally:
        fh.close()


def serve_audio(request: HttpRequest, audio: FieldFile, etag: str = "") -> HttpResponseBase:
    """The file, whole (200) or the one range asked for (206), or 416."""
    size = audio.size
    header = request.headers.get("Range", "")
    common: dict[str, Any] = {
        "Accept-Ranges": "bytes",
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
    }
    if etag:
        common["ETag"] = f'"{etag}"'
    if not header:
        fh = audio.open("rb")
        response = StreamingHttpResponse(_chunks(fh, 0, size), content_type="audio/mpeg")
        response["Content-Length"] = str(size)
        for k, v in common.items():
            response[k] = v
        return response
    found = _RANGE.match(header)
    start = end = -1
    if found and (found.group(1) or found.group(2)):
        first, last = found.group(1), found.group(2)
        if first:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        elif int(last) > 0:  # "-N": the last N bytes
            start, end = max(size - int(last), 0), size - 1
    if start < 0 or start >= size or end < start:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        for k, v in common.items():
            refused[k] = v
        return refused
    fh = audio.open("rb")
    response = StreamingHttpResponse(
        _chunks(fh, start, end - start + 1), status=206, content_type="audio/mpeg"
    )
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    for k, v in common.items():
        response[k] = v
    return response
