"""Request → extend → answer, the citizen following it by code; bad input stores nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tincoso.access import services
from tincoso.access.models import Event, InfoRequest, PublishedInfo
from tincoso.access.tests.conftest import FORM, form_for
from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


def _file(client: Client, unit: Unit, **changes: str) -> Any:
    return client.post("/thong-tin/yeu-cau/", form_for(unit, **changes))


def test_full_flow_with_tracking(client: Client, tree: dict[str, Unit]) -> None:
    response = _file(client, tree["commune"])
    assert response.status_code == 302
    req = InfoRequest.objects.get()
    assert req.received_on == dt.date(2025, 3, 3) and req.due_on == dt.date(2025, 3, 6)
    assert req.channel == "online" and not req.is_complex  # the public form: Điều 30
    track = client.get(f"/thong-tin/tra-cuu/?code={req.code}")
    assert "Đã tiếp nhận" in track.text and "06/03/2025" in track.text
    assert FORM["id_number"] not in track.text and FORM["full_name"] not in track.text

    officer = person_with(Role.EDITOR, tree["commune"])
    staff = Client()
    staff.force_login(officer)
    page = staff.get(f"/app/access/{req.pk}/")
    assert FORM["id_number"] in page.text  # the handling unit reads the identity
    assert staff.post(f"/app/access/{req.pk}/complex/",
                      {"reply": "Thông tin cần tập hợp từ nhiều bộ phận"}).status_code == 302
    req.refresh_from_db()
    assert req.is_complex and req.due_on == dt.date(2025, 3, 24)  # Điều 30 khoản 4
    assert staff.post(f"/app/access/{req.pk}/extend/",
                      {"reply": "Cần tập hợp hồ sơ lưu trữ"}).status_code == 302
    req.refresh_from_db()
    assert req.due_on == dt.date(2025, 4, 8) and req.status == "extended"  # + 15 days
    assert "08/04/2025" in client.get(f"/thong-tin/tra-cuu/?code={req.code}").text
    again = staff.post(f"/app/access/{req.pk}/extend/", {"reply": "Lần nữa"})
    assert again.status_code == 400 and "một lần" in again.text

    clock.set(dt.datetime(2025, 3, 20, 10, 0))
    assert staff.post(f"/app/access/{req.pk}/answer/",
                      {"reply": "Gửi kèm bản sao Quyết định số 12/QĐ-UBND"}).status_code == 302
    req.refresh_from_db()
    assert req.status == "answered" and req.on_time is True
    done = client.get(f"/thong-tin/tra-cuu/?code={req.code}").text
    assert "Đã cung cấp thông tin" in done and "12/QĐ-UBND" in done
    assert list(req.events.values_list("kind", flat=True)) == [
        "received", "complex", "extended", "answered"]


def test_refusal_needs_a_legal_ground(tree: dict[str, Unit]) -> None:
    req = services.file_request(tree["commune"], **FORM)
    officer = person_with(Role.OFFICER, tree["commune"])
    with pytest.raises(services.AccessError) as caught:
        services.refuse(officer, req, "because", "Không muốn")
    assert caught.value.bilingual()["en"] != caught.value.bilingual()["vi"]
    services.refuse(officer, req, "d7_private", "Liên quan đời tư người khác")
    req.refresh_from_db()
    assert req.status == "refused" and req.refusal_ground == "d7_private"


def test_events_are_append_only(tree: dict[str, Unit]) -> None:
    req = services.file_request(tree["commune"], **FORM)
    event = req.events.get()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        Event.objects.all().update(note="x")
    with pytest.raises(TypeError):
        event.delete()


@pytest.mark.parametrize("changes", [{"id_number": "12345"}, {"information": "ngắn"},
                                     {"full_name": ""}, {"delivery": "email"},
                                     {"information": "x" * 5001}, {"website": "http://spam"}])
def test_bad_input_refused_nothing_stored(client: Client, tree: dict[str, Unit],
                                          changes: dict[str, str]) -> None:
    response = _file(client, tree["commune"], **changes)
    assert response.status_code == 400
    assert not InfoRequest.objects.exists() and not Event.objects.exists()


def test_bad_id_refused_in_both_languages(client: Client, tree: dict[str, Unit]) -> None:
    vi = _file(client, tree["commune"], id_number="12345")
    assert "12 chữ số" in vi.text
    client.post("/language/", {"language": "en", "next": "/"})
    en = _file(client, tree["commune"], id_number="12345")
    assert "12 digits" in en.text
    assert not InfoRequest.objects.exists()


def test_rate_limited(client: Client, tree: dict[str, Unit], settings: Any,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDBACK_RATE", "2/10m")
    assert _file(client, tree["commune"]).status_code == 302
    assert _file(client, tree["commune"]).status_code == 302
    assert _file(client, tree["commune"]).status_code == 429
    assert InfoRequest.objects.count() == 2


def test_published_list_edited_by_unit_and_public(client: Client,
                                                  tree: dict[str, Unit]) -> None:
    editor = person_with(Role.EDITOR, tree["commune"])
    staff = Client()
    staff.force_login(editor)
    url = "/app/access/published/commune/"
    assert staff.post(url, {"title": "Quy hoạch sử dụng đất xã",
                            "where": "Bảng tin UBND xã"}).status_code == 302
    assert staff.post(url, {"title": "", "where": ""}).status_code == 400
    public = client.get("/thong-tin/cong-khai/commune/")
    assert "Quy hoạch sử dụng đất xã" in public.text
    entry = PublishedInfo.objects.get()
    staff.post(url, {"remove": str(entry.pk)})
    assert not PublishedInfo.objects.exists()


def test_the_extend_button_appears_only_once_complex(tree: dict[str, Unit]) -> None:
    req = services.file_request(tree["commune"], **FORM)
    staff = Client()
    staff.force_login(person_with(Role.OFFICER, tree["commune"]))
    extend = f'formaction="/app/access/{req.pk}/extend/"'
    assert extend not in staff.get(f"/app/access/{req.pk}/").text
    refused = staff.post(f"/app/access/{req.pk}/extend/", {"reply": "Cần thêm thời gian"})
    assert refused.status_code == 400 and "thông tin phức tạp" in refused.text
    staff.post(f"/app/access/{req.pk}/complex/", {"reply": "Cần tập hợp hồ sơ"})
    assert extend in staff.get(f"/app/access/{req.pk}/").text
