"""In a real browser (Debian's chromium): a board's kiosk page enrols with its
one-time code, shows its slides with their pictures, keeps cycling them when
``tincoso serve`` is stopped (also after a reload, from its service worker and
caches), takes over when an emergency drill starts once the server is back, and
sends a screenshot when an officer asks for one."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tincoso.broadcast.boards import services
from tincoso.broadcast.boards.models import BoardState
from tincoso.broadcast.devices import credentials
from tincoso.broadcast.devices.models import Device
from tincoso.core.tests.serving import free_port, serve, server_env
from tincoso.publishing.models import Item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server_env_for_board(
        transactional_db: Any, settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """What app_server does, but restartable on one port (the board's origin)."""
    if connection.vendor != "sqlite":
        pytest.skip("browser tests run against the SQLite test database")
    var = tmp_path_factory.mktemp("board-server")
    settings.MEDIA_ROOT = var / "media"
    env = server_env(var, DATABASE_URL=f"sqlite:///{connection.settings_dict['NAME']}",
                     MEDIA_ROOT=str(var / "media"), BOARD_SLIDE_MS="1500")
    return env, var / "serve.log", free_port()


def _until(check: Callable[[], bool], seconds: float = 20) -> None:
    """Polled from Python: the page's CSP forbids wait_for_function's evaluated strings."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def _shown(page: Any) -> int:
    return int(page.get_attribute("#board", "data-shown") or 0)


def _seen_slides(page: Any, count: int) -> set[str]:
    """The ids of the next ``count`` slides the page shows."""
    seen: set[str] = set()
    start = _shown(page)
    for step in range(1, count + 1):
        _until(lambda step=step: _shown(page) >= start + step, 10)  # type: ignore[misc]
        seen.add(page.get_attribute("#board", "data-slide"))
    return seen


def test_a_board_enrols_cycles_offline_and_takes_over_on_an_emergency(
        server_env_for_board: Any, items: dict[str, Item], board_device: Device,
        page: Any, province_admin: Any, tree: dict[str, Any]) -> None:
    env, log, port = server_env_for_board
    code, _row = credentials.new_code(board_device)
    wanted = {f"item-{items['notice'].pk}", f"item-{items['bulletin'].pk}", "qr-feedback"}
    with serve(env, log, port=port) as served:
        page.goto(f"{served.url}/bang-tin/")
        page.get_by_label("Nhập hoặc quét mã đăng ký thiết bị").fill(code.lower())
        page.get_by_role("button", name="Đăng ký").click()
        _until(lambda: page.get_attribute("#board", "data-version") == "1")
        assert _seen_slides(page, 4) == wanted
        page.wait_for_selector("#slide.kind-notice")
        assert page.text_content("#slide-label") == "THÔNG BÁO"
        assert page.text_content("#slide-title") == "Thông báo lịch cắt điện"
        page.wait_for_selector("#slide.kind-bulletin #slide-image:not([hidden])")
        assert page.evaluate("document.getElementById('slide-image').naturalWidth") > 0
        _until(lambda: page.evaluate("navigator.serviceWorker.controller !== null"))
        assert page.evaluate("localStorage.getItem('tcs-board')").count("tcsd_") == 1

    # The server is stopped: the board keeps cycling, and after a reload too.
    assert _seen_slides(page, 4) == wanted
    page.reload()
    _until(lambda: page.get_attribute("#board", "data-version") == "1")
    assert _seen_slides(page, 4) == wanted
    page.wait_for_selector("#slide.kind-bulletin #slide-image:not([hidden])")
    assert page.evaluate("document.getElementById('slide-image').naturalWidth") > 0
    assert "Mất kết nối" in page.text_content("#net")
    assert page.is_hidden("#enrol")

    with serve(env, log, port=port):
        from tincoso.broadcast.devices.push_models import Emergency
        from tincoso.core import clock

        now = clock.now()
        Emergency.objects.create(
            unit=tree["province"], title="Diễn tập ứng phó lũ quét",
            text="Người dân vùng trũng di chuyển lên nhà văn hóa xã.", exercise=True,
            starts_at=now, expires_at=now + dt.timedelta(hours=1))
        page.wait_for_selector("#emergency:not([hidden])", timeout=20000)
        assert page.text_content("#emergency-title") == "Diễn tập ứng phó lũ quét"
        assert "DIỄN TẬP" in page.text_content("#emergency-label")
        colour = page.evaluate("getComputedStyle(document.getElementById('emergency'))"
                               ".backgroundColor")
        assert colour == "rgb(176, 0, 0)"

        services.request_screenshot(province_admin, board_device)
        state = BoardState.objects.get(device=board_device)
        _until(lambda: bool(BoardState.objects.get(pk=state.pk).screenshot))
        shot = BoardState.objects.get(pk=state.pk).screenshot.read()
        assert shot.startswith(b"\x89PNG") and len(shot) > 2000


def test_the_page_refuses_a_wrong_code_and_an_altered_manifest_and_shows_a_genuine_one(
        app_server: Any, items: dict[str, Item], board_device: Device, page: Any) -> None:
    code, _row = credentials.new_code(board_device)
    tampering = [True]

    def alter(route: Any) -> None:
        if not tampering[0]:
            route.continue_()
            return
        answer = route.fetch()
        body = answer.body().replace("Thông báo lịch cắt điện".encode(),
                                     "Thông báo giả mạo".encode())
        route.fulfill(response=answer, body=body)

    page.route("**/api/device/v1/board-manifest", alter)
    page.goto(f"{app_server.url}/bang-tin/")
    field = page.get_by_label("Nhập hoặc quét mã đăng ký thiết bị")
    field.fill("AAAAA-AAAAA")
    page.get_by_role("button", name="Đăng ký").click()
    _until(lambda: "không hợp lệ" in page.text_content("#enrol-error"))
    assert page.evaluate("localStorage.getItem('tcs-board')") is None
    field.fill(f"{app_server.url}/api/device/v1/enrol#code={code}")  # the QR code's URL
    page.get_by_role("button", name="Đăng ký").click()
    _until(lambda: page.get_attribute("#board", "data-fault") == "manifest-bad-signature")
    assert page.get_attribute("#board", "data-slide") == "waiting"
    assert "giả mạo" not in page.text_content("#slides")
    tampering[0] = False
    _until(lambda: page.get_attribute("#board", "data-version") == "1")  # the next state poll
    _until(lambda: page.get_attribute("#board", "data-slide") == f"item-{items['notice'].pk}")
    assert page.text_content("#slide-title") == "Thông báo lịch cắt điện"
