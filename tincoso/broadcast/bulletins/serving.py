"""Bulletin audio served only through the access check, with HTTP range requests
(``core.ranges``: browsers' <audio> elements seek and resume with them)."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponseBase

from tincoso.broadcast.bulletins import services
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.core.ranges import serve_file


def may_hear(request: HttpRequest, bulletin: Bulletin) -> bool:
    """Who may fetch a bulletin's audio: a person with a role on its unit's subtree
    (or its guiding approver). The seam for devices (issue 14): a device presenting
    its token may fetch a bulletin only if it is ``playable`` and its station's
    programme holds it — add that check here, before the person's."""
    return services.can_view(request.user, bulletin)


def serve_audio(request: HttpRequest, audio: FieldFile, etag: str = "") -> HttpResponseBase:
    """The MP3, whole (200) or the one range asked for (206), or 416 (core.ranges)."""
    return serve_file(request, audio, content_type="audio/mpeg", etag=etag)
