"""The board's part of the device protocol (``/api/device/v1/board-…``, §9.9):
device authentication as for every device endpoint, and boards only."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request

from tincoso.broadcast.boards import manifest, screenshots, state
from tincoso.broadcast.boards.slides import qr_svg
from tincoso.broadcast.devices import api as device_api
from tincoso.broadcast.devices.models import Device
from tincoso.core import clock
from tincoso.core.errors import DomainError


class NotABoardError(DomainError):
    status = 403
    code = "not_a_board"


def _board(request: Request, group: str) -> Device:
    device = device_api._device(request, group)
    if device.kind != Device.Kind.BOARD:
        raise NotABoardError(_("Chỉ bảng tin điện tử dùng được địa chỉ này."))
    return device


def _signed(request: Request, etag: str, body: bytes, signature: str, key_id: str
            ) -> HttpResponse:
    if device_api.etag_matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response[device_api.SIGNATURE_HEADER] = signature
        response[device_api.KEY_ID_HEADER] = key_id
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


_SIGNED = {200: OpenApiResponse(OpenApiTypes.OBJECT, description="signed canonical JSON"),
           304: OpenApiResponse(description="unchanged since If-None-Match")}


@extend_schema(responses=_SIGNED)
@device_api.device_view(["GET"])
def board_manifest(request: Request) -> HttpResponse:
    """The board's signed list of slides (canonical JSON; signature in a header)."""
    board = _board(request, "fetch")
    now = clock.now()
    current = manifest.manifest_for(board, now)
    state.record(board, "pulled_at", now)
    return _signed(request, current.etag, current.body, current.signature, current.key_id)


@extend_schema(responses=_SIGNED)
@device_api.device_view(["GET"])
def board_state(request: Request) -> HttpResponse:
    """What the board polls every few seconds: manifest version, "refresh now",
    screenshot requests and the active emergency (signed; 304 while unchanged)."""
    board = _board(request, "fetch")
    now = clock.now()
    answer, row = state.current(board, now)
    state.record(board, "polled_at", now, row)
    return _signed(request, answer.etag, answer.body, answer.signature, answer.key_id)


@extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
@device_api.device_view(["GET"])
def board_media(request: Request, sha256: str) -> HttpResponse:
    """A picture of the board's current manifest, named by its SHA-256."""
    board = _board(request, "fetch")
    media = manifest.manifest_for(board, clock.now()).media.get(sha256)
    if media is None:
        raise exceptions.NotFound(_("Tệp này không có trong danh sách trình chiếu của bảng tin."))
    if media.qr_url:
        data = qr_svg(media.qr_url)
    else:
        with default_storage.open(media.storage_name, "rb") as handle:
            data = handle.read()
    response = HttpResponse(data, content_type=media.content_type)
    response["ETag"] = f'"{sha256}"'
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response


@extend_schema(request={"image/png": OpenApiTypes.BINARY},
               responses={204: OpenApiResponse(description="kept")})
@device_api.device_view(["POST"])
def screenshot(request: Request) -> HttpResponse:
    """The board's screenshot (PNG, at most 2 MB), when an officer asked for one."""
    board = _board(request, "uplink")
    slide = request.headers.get("X-Tincoso-Slide", "")[:65]
    screenshots.store(board, request.body, slide, clock.now())
    return HttpResponse(status=204)
