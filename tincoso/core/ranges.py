"""Files served with HTTP range requests (RFC 9110 §14), after the caller's access check.

Browsers' <audio> elements and loudspeaker devices seek and resume downloads with
``Range: bytes=…``. One range per request is served (206 with Content-Range); a
range that cannot be satisfied gets 416 with ``Content-Range: bytes */size``;
``If-Range`` naming another version than the file's ETag gets the whole file.
Anything else — no header, several ranges, a malformed one — gets the whole file
(200), as the RFC allows. The bytes come through the storage API (core.mediastore):
from disk, or from an S3 store with a ranged GET.
"""

from __future__ import annotations

import re
from typing import Literal

from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse

from tincoso.core.mediastore import chunks

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$")


def wanted_range(header: str, size: int) -> tuple[int, int] | Literal[False] | None:
    """(first, last) of a single byte range; None: send it all; False: unsatisfiable."""
    match = _RANGE.match(header or "")
    if not match or (not match[1] and not match[2]):
        return None
    if not match[1]:  # "-N": the last N bytes
        length = int(match[2])
        return (max(0, size - length), size - 1) if length and size else False
    first = int(match[1])
    if first >= size or (match[2] and int(match[2]) < first):
        return False
    last = min(int(match[2]), size - 1) if match[2] else size - 1
    return first, last


def serve_file(
    request: HttpRequest,
    stored: FieldFile,
    *,
    content_type: str,
    etag: str = "",
    cache_control: str = "private, max-age=3600",
) -> HttpResponseBase:
    """``stored`` whole (200), the one range asked for (206), or 416. ``etag`` is the
    file's version (e.g. its SHA-256), sent quoted and compared with If-Range."""
    size = stored.size
    quoted = f'"{etag}"' if etag else ""
    wanted = wanted_range(request.headers.get("Range", ""), size)
    if_range = request.headers.get("If-Range")
    if if_range is not None and (not quoted or if_range.strip() != quoted):
        wanted = None
    response: HttpResponseBase
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = StreamingHttpResponse(chunks(stored, 0, size), content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        first, last = wanted
        response = StreamingHttpResponse(
            chunks(stored, first, last - first + 1),
            status=206,
            content_type=content_type,
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    if quoted:
        response["ETag"] = quoted
    return response
