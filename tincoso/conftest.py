"""Shared test personas around a small tree.

    province (root)            province_admin: admin here
    ├── committee              approver: approver here
    │   ├── cell_a             cell_officer: officer here
    │   └── cell_b             (sibling of cell_a)
    └── commune                commune_editor: editor here
        └── village
An outsider has an account and no role; anonymous has neither.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from tincoso.core import clock
from tincoso.units.models import Role, Unit, UnitKind
from tincoso.units.services import grant_role

PASSWORD = "Mật-khẩu-thử-2026"


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest, settings: Any) -> None:
    # Argon2 is slow on purpose; tests that check hashing read tincoso.settings directly.
    # Against the real server (app_server) passwords must be hashed as it checks them.
    if "app_server" not in request.fixturenames:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _temporary_media(
    request: pytest.FixtureRequest, settings: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every test writes its uploads, audio and attachments to a folder of its own,
    never to the developer's ``var/media`` (app_server sets its own)."""
    if "app_server" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """SQLite tests use a database file, not memory, so that ``tincoso serve`` in
    another process (app_server) sees what a test wrote."""
    import tempfile

    from django.conf import settings as django_settings

    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = Path(tempfile.mkdtemp(prefix="tincoso-testdb-"))
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture
def app_server(
    transactional_db: Any, settings: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """``tincoso serve`` itself, as ``make run`` starts it, on the test database.

    Browser tests use this, never Django's test server: what people use is what
    is tested. The server runs in its own processes, so the test's ``clock`` and
    ``settings`` do not reach it; its media files live in ``app_server.media_root``
    (also the test's MEDIA_ROOT) and its mail in ``app_server.mail_dir``.
    """
    from django.db import connection

    from tincoso.core.tests.serving import serve, server_env

    if connection.vendor != "sqlite":
        pytest.skip("browser tests run against the SQLite test database")
    var = tmp_path_factory.mktemp("app-server")
    media, mail = var / "media", var / "mail"
    settings.MEDIA_ROOT = media
    env = server_env(
        var,
        DATABASE_URL=f"sqlite:///{connection.settings_dict['NAME']}",
        MEDIA_ROOT=str(media),
        EMAIL_FILE_PATH=str(mail),
    )
    with serve(env, var / "serve.log") as served:
        yield AppServer(served.url, media, mail, var / "serve.log")


@dataclass(frozen=True)
class AppServer:
    url: str
    media_root: Path
    mail_dir: Path
    log: Path


@pytest.fixture
def live_server() -> None:
    raise pytest.UsageError(
        "Browser tests run against `tincoso serve`: use the app_server fixture, "
        "not Django's test server."
    )


@pytest.fixture(autouse=True)
def _vietnamese_first() -> Iterator[None]:
    """Each test starts in the site's language: a request made in English leaves English
    active in the thread (LocaleMiddleware does not undo it), and the next test would read
    "Flash" for "Hỏa tốc"."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _reset_clock() -> Iterator[None]:
    clock.reset()
    yield
    clock.reset()


@pytest.fixture
def tree(db: Any) -> dict[str, Unit]:
    province = Unit.objects.add_root(
        dict(code="province", name="Tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE)
    )
    committee = Unit.objects.add_child(
        province, dict(code="committee", name="Tỉnh ủy Thử Nghiệm", kind=UnitKind.PARTY_COMMITTEE)
    )
    committee.refresh_from_db()
    cell_a = Unit.objects.add_child(
        committee, dict(code="cell-a", name="Chi bộ Sở Nội vụ", kind=UnitKind.PARTY_CELL)
    )
    committee.refresh_from_db()
    cell_b = Unit.objects.add_child(
        committee, dict(code="cell-b", name="Chi bộ Sở Y tế", kind=UnitKind.PARTY_CELL)
    )
    province.refresh_from_db()
    commune = Unit.objects.add_child(
        province, dict(code="commune", name="Xã Đồng Tâm", kind=UnitKind.COMMUNE)
    )
    commune.refresh_from_db()
    village = Unit.objects.add_child(
        commune, dict(code="village", name="Bản Nà Khum", kind=UnitKind.VILLAGE)
    )
    return {
        u.code: Unit.objects.get(pk=u.pk)
        for u in (province, committee, cell_a, cell_b, commune, village)
    }


@pytest.fixture
def board(tree: dict[str, Unit]) -> Unit:
    """A propaganda board (ban) under the committee: it sends on the committee's behalf
    and, where a test links it, guides units beside the tree."""
    made = Unit.objects.add_child(
        tree["committee"], {"code": "board", "name": "Ban Tuyên giáo", "kind": UnitKind.DEPARTMENT}
    )
    return Unit.objects.get(pk=made.pk)


def make_user(username: str, **extra: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.invalid", **extra
    )


def person_with(role: str, unit: Unit, username: str | None = None) -> Any:
    user = make_user(username or f"{role}-{unit.code}")
    grant_role(None, user, unit, role)
    return user


def same_queries_for_more_rows(
    fetch: Callable[[], Any], add_rows: Callable[[int], object], rows: int = 3
) -> Any:
    """A list's guard against a query per row (N+1): with ``rows`` rows added, then
    as many again, fetching costs exactly the same queries. Returns the last response
    (the caller checks the rows are on it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_rows(rows)
    assert fetch().status_code == 200  # warm: sessions, caches, content types
    with CaptureQueriesContext(connection) as few:
        fetch()
    add_rows(rows)
    with CaptureQueriesContext(connection) as more:
        response = fetch()
    assert response.status_code == 200
    listed = "\n".join(q["sql"] for q in more.captured_queries)
    assert len(more) == len(few), f"{len(few)} queries, then {len(more)}:\n{listed}"
    return response


@pytest.fixture
def province_admin(tree: dict[str, Unit]) -> Any:
    return person_with(Role.ADMIN, tree["province"], "province-admin")


@pytest.fixture
def commune_editor(tree: dict[str, Unit]) -> Any:
    return person_with(Role.EDITOR, tree["commune"], "commune-editor")


@pytest.fixture
def cell_officer(tree: dict[str, Unit]) -> Any:
    return person_with(Role.OFFICER, tree["cell-a"], "cell-officer")


@pytest.fixture
def outsider(db: Any) -> Any:
    return make_user("outsider")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs it (scripts/system-deps.sh test)")
    # Playwright's sync API keeps an event loop running in this thread for the whole
    # session; the ORM calls that tests and their fixtures make beside it stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()


def log_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the form, as a person would, and land on the dashboard."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/app/")


# Shared factories other apps' tests use (not another app's conftest).
DOCUMENT_SAMPLE = Path(__file__).resolve().parent / "documents" / "demo_data" / "30-HD-BTG.txt"


def jpeg_with_gps(size: tuple[int, int] = (640, 480)) -> bytes:
    """A JPEG carrying EXIF with a camera model and a GPS position, as phones write them."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Phone-Model-X"  # Model
    exif[0x8825] = {1: "N", 2: (21.0, 2.0, 30.0), 3: "E", 4: (105.0, 50.0, 10.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"taken at home")
    return out.getvalue()


def live_item(unit: Any, title: str = "Lịch tiêm chủng mở rộng tháng 3") -> Any:
    """A published, public portal item of ``unit`` (written and approved by two people)."""
    from tincoso.publishing import services as publishing
    from tincoso.publishing.models import Item
    from tincoso.units.models import Role
    from tincoso.units.services import grant_role

    editor = make_user(f"item-editor-{Item.objects.count()}")
    approver = make_user(f"item-approver-{Item.objects.count()}")
    grant_role(None, editor, unit, Role.EDITOR)
    grant_role(None, approver, unit, Role.APPROVER)
    item = publishing.create_item(editor, unit, publishing.Draft(
        title=title, summary="Tóm tắt.", body="Trạm y tế tiêm vào ngày 15."))
    publishing.submit_for_review(editor, item)
    publishing.approve(approver, item)
    return Item.objects.get(pk=item.pk)


def publish(people: dict[str, Any], unit: Any, title: str, **extra: Any) -> Any:
    """GIVEN an editor and an approver of ``unit`` (or above) WHEN the item is written,
    submitted and approved THEN it is on the portal (unless scheduled)."""
    from tincoso.publishing import services

    body = extra.pop("body", "Nội dung **chính**.")
    item = services.create_item(
        people["editor"], unit, services.Draft(title=title, summary="Tóm tắt.", body=body, **extra)
    )
    services.submit_for_review(people["editor"], item)
    services.approve(people["approver"], item)
    item.refresh_from_db()
    return item


def registered_document(editor: Any, unit: Any) -> Any:
    from tincoso.documents import services as documents

    doc = documents.import_document(editor, unit, DOCUMENT_SAMPLE.read_bytes(), "30-HD-BTG.txt")
    return documents.register_document(editor, doc)
