"""The device protocol over HTTP (``/api/device/v1/``), see docs/device-protocol.md.

Devices authenticate with ``Authorization: Device <token>`` (``DeviceAuthentication``),
never with a user's token or session; these endpoints accept nothing else, and the
user API (``Token``/session authentication) never accepts a device token.
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL  # type: ignore[import-untyped]
from django_ratelimit.core import is_ratelimited  # type: ignore[import-untyped]
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import (
    commands,
    credentials,
    emergency,
    key_ring,
    manifest,
    mqtt_info,
    published,
    signing,
    uplink,
)
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.stations.playlist import audio_sha256
from tincoso.core import clock
from tincoso.core.clientip import client_address
from tincoso.core.errors import DomainError
from tincoso.core.ranges import serve_file

KEYWORD = "Device"
SIGNATURE_HEADER = "X-Tincoso-Signature"
KEY_ID_HEADER = "X-Tincoso-Key-Id"
CHUNK = 64 * 1024


class DeviceAuthentication(BaseAuthentication):
    """``Authorization: Device <token>``: the device itself (``request.auth``)."""

    def authenticate(self, request: Request) -> tuple[Any, Device] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1") != KEYWORD:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Thông tin xác thực thiết bị không hợp lệ."))
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                _("Thông tin xác thực thiết bị không hợp lệ.")) from None
        device = credentials.device_for_token(token)
        if device is None:
            raise exceptions.AuthenticationFailed(
                _("Thiết bị không được nhận: khóa sai, đã thay hoặc đã thu hồi."))
        return AnonymousUser(), device

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="tincoso-device"'


class DeviceAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "tincoso.broadcast.devices.api.DeviceAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Device <token>`: a device credential (never a user's)."}


class IsDevice(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, Device)


class NoBrokerError(DomainError):
    status = 404
    code = "no_mqtt"


class RateLimitedError(DomainError):
    status = 429
    code = "rate_limited"


@dataclass(frozen=True)
class Limit:
    """A rate limit of the device protocol: its counter group and the Django setting
    that sets its rate (``off`` turns it off; read from the environment at start)."""

    group: str
    setting: str


FETCH = Limit("device-fetch", "DEVICE_FETCH_RATE")
UPLINK = Limit("device-uplink", "DEVICE_UPLINK_RATE")
ENROL = Limit("device-enrol", "DEVICE_ENROL_RATE")


def over_rate(request: HttpRequest, limit: Limit, key: str) -> bool:
    """Count this request against ``limit`` for ``key``: True once over it. The one
    count both the API views and the WSGI fast path (``poll_wsgi``) keep."""
    rate_now = rate(limit)
    if rate_now == "off":
        return False
    return bool(is_ratelimited(request, group=limit.group, key=lambda _g, _r: key,
                               rate=rate_now, method=ALL, increment=True))


def rate(limit: Limit) -> str:
    """The limit's rate as configured ("120/m"…), or "off"."""
    return str(getattr(settings, limit.setting))


def device_key(device_id: int) -> str:
    return f"d{device_id}"


def _check_rate(request: Request, limit: Limit, key: str) -> None:
    if over_rate(request._request, limit, key):
        raise RateLimitedError(_("Thiết bị gửi quá nhiều yêu cầu; hãy thử lại sau."))


def _device(request: Request, group: str) -> Device:
    device = request.auth
    assert isinstance(device, Device)
    _check_rate(request, FETCH if group == "fetch" else UPLINK, device_key(device.pk))
    return device


def device_view(methods: list[str]) -> Any:
    """An API view for devices only (their token; no session, no CSRF)."""
    def wrap(func: Any) -> Any:
        func = permission_classes([IsDevice])(func)
        func = authentication_classes([DeviceAuthentication])(func)
        return api_view(methods)(func)
    return wrap


_ENROLMENT = inline_serializer("DeviceEnrolment", {
    "device_id": serializers.IntegerField(),
    "token": serializers.CharField(help_text="shown once: keep it"),
    "kind": serializers.CharField(),
    "key_id": serializers.CharField(),
    "public_key": serializers.CharField(help_text="raw Ed25519 key, base64"),
    "mqtt": serializers.DictField(allow_null=True, help_text="§9.1; null without a broker"),
})  # fmt: skip


@extend_schema(
    request=inline_serializer("DeviceEnrolmentCode", {"code": serializers.CharField()}),
    responses={201: _ENROLMENT}, auth=[],
)  # fmt: skip
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def enrol(request: Request) -> Response:
    """Trade a one-time enrolment code for the device's credential (once)."""
    address = client_address(request._request) or "unknown"
    _check_rate(request, ENROL, f"e{address}")
    data = uplink.parse_body(request.body)
    code = data.get("code")
    if not isinstance(code, str):
        raise credentials.EnrolmentError(_("Mã đăng ký thiết bị không hợp lệ."))
    device, token = credentials.enrol(code)
    return Response({
        "device_id": device.pk, "token": token, "kind": device.kind,
        "key_id": signing.key_id(),
        "public_key": base64.b64encode(signing.public_key_raw()).decode("ascii"),
        # The broker gets the device's client after the commit (broker_sync).
        "mqtt": mqtt_info.connection(device),
    }, status=201)  # fmt: skip


@extend_schema(
    responses={200: inline_serializer("DevicePublicKey", {
        "algorithm": serializers.CharField(), "key_id": serializers.CharField(),
        "public_key": serializers.CharField(), "pem": serializers.CharField(),
        "keys": serializers.ListField(child=serializers.DictField(),
                                      help_text="§2.1: the keys announced during a rotation"),
    })},
    auth=[],
)  # fmt: skip
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def public_key(request: Request) -> Response:
    """The province's Ed25519 public key that signs every manifest, and during a
    rotation the keys announced with it (§2.1)."""
    return Response({
        "algorithm": "Ed25519", "key_id": signing.key_id(),
        "public_key": base64.b64encode(signing.public_key_raw()).decode("ascii"),
        "pem": signing.public_key_pem(), "keys": key_ring.announced(),
    })  # fmt: skip


def etag_matches(header: str, etag: str) -> bool:
    if not header:
        return False
    candidates = [part.strip().removeprefix("W/") for part in header.split(",")]
    return "*" in candidates or etag in candidates


@extend_schema(
    responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="the signed manifest"),
               304: OpenApiResponse(description="unchanged since If-None-Match")},
)  # fmt: skip
@device_view(["GET"])
def manifest_view(request: Request) -> HttpResponse:
    """The device's signed manifest (canonical JSON; signature in a header)."""
    device = _device(request, "fetch")
    current = manifest.manifest_for(device, clock.now())
    if etag_matches(request.headers.get("If-None-Match", ""), current.etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(current.body, content_type="application/json; charset=utf-8")
        response[SIGNATURE_HEADER] = current.signature
        response[KEY_ID_HEADER] = current.key_id
    response["ETag"] = current.etag
    response["Cache-Control"] = "private, no-cache"
    if fast := published.ensure(device, current):  # the poll without Python (§4.5)
        response[published.URL_HEADER] = fast
    return response


@extend_schema(
    responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
               (206, "application/octet-stream"): OpenApiTypes.BINARY,
               416: OpenApiResponse(description="range not satisfiable")},
)  # fmt: skip
@device_view(["GET"])
def media(request: Request, bulletin_id: int) -> HttpResponseBase:
    """A media file of the device's current manifest, active emergency or play-now
    command (HTTP ranges supported)."""
    device = _device(request, "fetch")
    # Also the media of an active emergency for its area (§9.6) or of a play-now
    # command it was sent and that still holds (§9.5).
    if not (manifest.bulletin_in_manifest(device, bulletin_id, clock.now())
            or emergency.media_allowed(device, bulletin_id)
            or commands.pending_play_now(device, bulletin_id)):
        raise exceptions.NotFound(_("Tệp này không có trong lịch phát của thiết bị."))
    bulletin = get_object_or_404(Bulletin, pk=bulletin_id)
    kind = mimetypes.guess_type(bulletin.audio.name or "")[0] or "application/octet-stream"
    return serve_file(request, bulletin.audio, content_type=kind, etag=audio_sha256(bulletin))


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses={200: inline_serializer("DeviceHeartbeatAnswer", {
        "server_time": serializers.DateTimeField(),
        "manifest_version": serializers.IntegerField()})},
)  # fmt: skip
@device_view(["POST"])
def heartbeat(request: Request) -> Response:
    """What the device does now (see the protocol document)."""
    device = _device(request, "uplink")
    uplink.record_heartbeat(device, uplink.parse_body(request.body))
    # The current version (from the cache unless what plays changed): a device that
    # holds an older one fetches the manifest, within a heartbeat of any change.
    current = manifest.manifest_for(device, clock.now())
    return Response({"server_time": clock.now().isoformat(), "manifest_version": current.version})


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses={200: inline_serializer("DevicePlaysAnswer", {
        "received": serializers.IntegerField(), "new": serializers.IntegerField(),
        "duplicates": serializers.IntegerField()})},
)  # fmt: skip
@device_view(["POST"])
def plays(request: Request) -> Response:
    """Proof of play, in batches; idempotent per (device, play_id)."""
    device = _device(request, "uplink")
    return Response(uplink.record_plays(device, uplink.parse_body(request.body)))


@extend_schema(
    responses={200: inline_serializer("DeviceMqtt", {
        "url": serializers.CharField(), "username": serializers.CharField(),
        "client_id": serializers.CharField(), "ca_pem": serializers.CharField(),
        "subscriptions": serializers.ListField(child=serializers.CharField())}),
        404: OpenApiResponse(description="no MQTT broker: poll over HTTP")},
)  # fmt: skip
@device_view(["GET"])
def mqtt(request: Request) -> Response:
    """How to connect to the MQTT broker (§9.1); puts back a client the broker lost."""
    device = _device(request, "fetch")
    token = get_authorization_header(request).split()[1].decode("ascii")
    info = mqtt_info.connection(device, token)
    if info is None:
        raise NoBrokerError(_("Máy chủ chưa có MQTT; thiết bị hỏi qua HTTP."))
    return Response(info)
