"""The kiosk page a board's chromium opens (``/bang-tin/``, public, no log-in: it
enrols with a one-time code and then speaks the device protocol), its service
worker, and the officers' board actions on the device page."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tincoso.broadcast.boards import manifest, services
from tincoso.broadcast.boards.models import BoardState
from tincoso.broadcast.boards.slides import weather_for
from tincoso.broadcast.devices import services as device_services
from tincoso.broadcast.devices import signing
from tincoso.broadcast.devices.models import Device
from tincoso.core import clock

ASSETS = ("broadcast/board/board.js", "broadcast/board/board.css")


def _kiosk_policy() -> str:
    """The site's policy, with ``blob:`` pictures: the page shows the slides' images
    from its own verified cache (object URLs), never straight from the network."""
    policy = str(settings.CONTENT_SECURITY_POLICY or "")
    return policy.replace("img-src 'self' data:", "img-src 'self' data: blob:")


@require_GET
def kiosk(request: HttpRequest) -> HttpResponse:
    response = render(request, "broadcast/boards/kiosk.html", {
        "key_id": signing.key_id(),
        "public_key": base64.b64encode(signing.public_key_raw()).decode("ascii"),
    })  # fmt: skip
    if response.get("Content-Security-Policy") is None and settings.CONTENT_SECURITY_POLICY:
        response["Content-Security-Policy"] = _kiosk_policy()
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = [reverse("board-kiosk"), *(static(name) for name in ASSETS)]
    response = render(request, "broadcast/boards/sw.js", {"shell": shell},
                      content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("board-kiosk")
    return response


def _kind_labels() -> dict[str, str]:
    return {"notice": _("Thông báo"), "bulletin": _("Bản tin"), "article": _("Bài viết"),
            "qr": _("Mã QR góp ý"), "weather": _("Thời tiết")}


def board_panel(device: Device) -> dict[str, Any]:
    """What the device page shows of a board: its slides, pulls and screenshot."""
    now = clock.now()
    current = manifest.manifest_for(device, now)
    labels = _kind_labels()
    slides = [{**slide, "label": labels.get(str(slide["kind"]), slide["kind"])}
              for slide in current.slides]
    return {
        "board": BoardState.objects.get(device=device), "slides": slides,
        "board_version": current.version, "weather": weather_for(device, now),
    }  # fmt: skip


def _board(request: HttpRequest, pk: int) -> Device:
    device = get_object_or_404(Device.objects.select_related("unit"), pk=pk, kind="board")
    device_services.require_viewer(request.user, device)
    return device


@login_required
@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    services.request_refresh(request.user, _board(request, pk))
    messages.success(request, _("Đã yêu cầu bảng tin tải lại danh sách trình chiếu."))
    return redirect("device-detail", pk=pk)


@login_required
@require_POST
def ask_screenshot(request: HttpRequest, pk: int) -> HttpResponse:
    services.request_screenshot(request.user, _board(request, pk))
    messages.success(request, _("Đã yêu cầu bảng tin gửi ảnh chụp màn hình."))
    return redirect("device-detail", pk=pk)


@login_required
@require_POST
def weather(request: HttpRequest, pk: int) -> HttpResponse:
    services.set_weather(request.user, _board(request, pk), request.POST.get("text", ""))
    messages.success(request, _("Đã lưu thời tiết trong ngày."))
    return redirect("device-detail", pk=pk)


@login_required
@require_GET
def screenshot(request: HttpRequest, pk: int) -> FileResponse:
    device = _board(request, pk)
    state = BoardState.objects.filter(device=device).first()
    if state is None or not state.screenshot:
        raise Http404
    response = FileResponse(state.screenshot.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
