"""Public submission: anonymous by default, routed, limited, and safe with uploads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from tincoso.conftest import jpeg_with_gps, live_item, person_with
from tincoso.feedback import limits, services
from tincoso.feedback.models import Feedback, Status
from tincoso.units.models import Role

pytestmark = pytest.mark.django_db

FORM_URL = "/gop-y/"
API_URL = "/api/public/feedback/"
TEXT = "Xin hỏi lịch tiêm chủng mở rộng tháng này ở bản vào ngày nào?"


def post_form(client: Client, **fields: Any) -> Any:
    data = {"place": fields.pop("place"), "category": "question", "text": TEXT, **fields}
    return client.post(FORM_URL, data, REMOTE_ADDR=fields.pop("ip", "203.0.113.7"))


def test_a_citizen_submits_without_an_account_and_gets_a_tracking_code(
        client: Client, tree: dict[str, Any], commune_editor: Any) -> None:
    response = post_form(client, place=tree["village"].pk)
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback-thanks", args=[feedback.tracking_code])
    page = client.get(response["Location"])
    assert feedback.tracking_code in page.content.decode()
    assert feedback.status == Status.NEW
    assert feedback.text == TEXT


def test_an_anonymous_submission_stores_no_personal_data(
        client: Client, tree: dict[str, Any], commune_editor: Any) -> None:
    """GIVEN a person who types contact details but does not tick "leave contact"
    WHEN they send the form THEN neither the details nor their address are kept anywhere."""
    ip = "198.51.100.23"
    post_form(client, place=tree["village"].pk, contact_name="Nguyễn Văn An",
              contact_phone="0912345678", contact_email="an@example.com", ip=ip)
    feedback = Feedback.objects.get()
    assert (feedback.contact_name, feedback.contact_phone, feedback.contact_email) == ("", "", "")
    assert not feedback.has_contact
    stored = " ".join(str(getattr(feedback, f.attname)) for f in Feedback._meta.concrete_fields)
    for secret in (ip, "Nguyễn Văn An", "0912345678", "an@example.com"):
        assert secret not in stored
    # The rate-limit counters hold a keyed hash, never the address itself.
    # (They live in the "shared" cache: a database table in this profile.)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM tincoso_cache")
        rows = cursor.fetchall()
    assert rows and not any(ip in key or ip in str(value) for key, value in rows)
    # Nor does the audit log record who sent it.
    from auditlog.models import LogEntry

    for entry in LogEntry.objects.all():
        assert ip not in str(entry.changes) and entry.remote_addr in (None, "")


def test_contact_details_are_kept_only_when_the_person_chooses(
        client: Client, tree: dict[str, Any], commune_editor: Any) -> None:
    post_form(client, place=tree["village"].pk, leave_contact="on",
              contact_name="Lò Thị Hoa", contact_phone="0912 345 678")
    feedback = Feedback.objects.get()
    assert feedback.contact_name == "Lò Thị Hoa"
    assert feedback.contact_phone == "0912 345 678"


def test_leaving_contact_needs_a_phone_or_an_email(
        client: Client, tree: dict[str, Any], commune_editor: Any) -> None:
    response = post_form(client, place=tree["village"].pk, leave_contact="on",
                         contact_name="Lò Thị Hoa")
    assert response.status_code == 400
    assert "số điện thoại hoặc" in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_goes_to_the_nearest_unit_above_with_someone_to_answer(
        tree: dict[str, Any]) -> None:
    # Nobody works at the village or the commune: the province answers.
    assert services.route_unit(tree["village"]) == tree["province"]
    person_with(Role.OFFICER, tree["commune"], "commune-officer")
    assert services.route_unit(tree["village"]) == tree["commune"]
    person_with(Role.VIEWER, tree["village"], "village-viewer")  # a viewer cannot answer
    assert services.route_unit(tree["village"]) == tree["commune"]
    person_with(Role.EDITOR, tree["village"], "village-editor")
    assert services.route_unit(tree["village"]) == tree["village"]


def test_the_qr_code_link_presets_the_place_and_the_item(
        client: Client, tree: dict[str, Any]) -> None:
    response = client.get(FORM_URL + "?unit=village&item=42")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{tree["village"].pk}" selected>' in html
    assert 'name="item" value="42"' in html
    svg = client.get("/gop-y/qr.svg?unit=village&item=42")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<?xml") and b"<svg" in svg.content
    assert b"unit=village&amp;item=42" in svg.content
    assert client.get("/gop-y/qr.svg?unit=no-such-unit").status_code == 404


def test_a_question_from_an_item_page_is_linked_to_the_item_and_its_unit(
        client: Client, tree: dict[str, Any]) -> None:
    item = live_item(tree["village"])
    portal = client.get(reverse("portal-item", args=[item.pk])).content.decode()
    link = reverse("feedback-ask-about-item", args=[item.pk])
    assert f'href="{link}"' in portal and "Gửi câu hỏi về bài này" in portal
    response = client.get(link)
    assert response.status_code == 302
    assert f"item={item.pk}" in response["Location"] and "unit=village" in response["Location"]
    form = client.get(response["Location"]).content.decode()
    assert "Lịch tiêm chủng mở rộng tháng 3" in form
    assert f'<option value="{tree["village"].pk}" selected>' in form
    post_form(client, place=tree["village"].pk, item=item.pk)
    assert Feedback.objects.get().item == item


def test_a_stale_or_unpublished_item_is_ignored_but_the_question_kept(
        client: Client, tree: dict[str, Any]) -> None:
    from tincoso.publishing import services as publishing

    item = live_item(tree["village"])
    approver = item.approved_by
    publishing.withdraw(approver, item)
    assert client.get(reverse("feedback-ask-about-item", args=[item.pk])).status_code == 302
    post_form(client, place=tree["village"].pk, item=item.pk)
    post_form(client, place=tree["village"].pk, item=999999)
    assert [f.item for f in Feedback.objects.all()] == [None, None]


def test_the_sixth_submission_in_ten_minutes_from_one_source_is_refused(
        client: Client, tree: dict[str, Any], commune_editor: Any) -> None:
    for _ in range(5):
        assert post_form(client, place=tree["village"].pk).status_code == 302
    refused = post_form(client, place=tree["village"].pk)
    assert refused.status_code == 429
    assert "quá nhiều" in refused.content.decode()
    assert Feedback.objects.count() == 5
    # Another source is not affected.
    assert post_form(client, place=tree["village"].pk, ip="192.0.2.99").status_code == 302


def test_the_api_applies_the_same_limit(client: Client, tree: dict[str, Any],
                                        commune_editor: Any) -> None:
    body = {"place": "village", "category": "question", "text": TEXT}
    for _ in range(5):
        ok = client.post(API_URL, body, content_type="application/json",
                         REMOTE_ADDR="203.0.113.8")
        assert ok.status_code == 201, ok.content
    refused = client.post(API_URL, body, content_type="application/json",
                          REMOTE_ADDR="203.0.113.8")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert refused.json()["detail_en"]


def test_ipv6_senders_are_counted_by_their_64_block(rf: Any) -> None:
    a = rf.post("/", REMOTE_ADDR="2001:db8:1:2::10")
    b = rf.post("/", REMOTE_ADDR="2001:db8:1:2:ffff::1")
    c = rf.post("/", REMOTE_ADDR="2001:db8:1:3::10")
    assert limits.source_key("g", a) == limits.source_key("g", b) != limits.source_key("g", c)


def test_the_honeypot_field_stops_robots_and_saves_nothing(
        client: Client, tree: dict[str, Any], commune_editor: Any) -> None:
    response = post_form(client, place=tree["village"].pk, website="http://spam.example")
    assert response.status_code == 400
    assert not Feedback.objects.exists()
    api = client.post(API_URL, {"place": "village", "category": "question", "text": TEXT,
                                "website": "x"}, content_type="application/json")
    assert api.status_code == 400 and api.json()["code"] == "rejected"
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("text, message", [
    ("ngắn", "quá ngắn"),
    ("x" * (limits.MAX_TEXT_CHARS + 1), ""),
])
def test_text_that_is_too_short_or_too_long_is_refused(
        client: Client, tree: dict[str, Any], text: str, message: str) -> None:
    response = post_form(client, place=tree["village"].pk, text=text)
    assert response.status_code == 400
    assert message in response.content.decode()
    api = client.post(API_URL, {"place": "village", "category": "question", "text": text},
                      content_type="application/json", REMOTE_ADDR="192.0.2.5")
    assert api.status_code == 400
    assert not Feedback.objects.exists()


def test_unknown_place_or_category_is_refused_by_the_api(client: Client,
                                                        tree: dict[str, Any]) -> None:
    bad_place = client.post(API_URL, {"place": "nowhere", "category": "question",
                                      "text": TEXT}, content_type="application/json")
    bad_category = client.post(API_URL, {"place": "village", "category": "gossip",
                                         "text": TEXT}, content_type="application/json")
    assert bad_place.status_code == 400 and bad_place.json()["detail_en"]
    assert bad_category.status_code == 400
    assert not Feedback.objects.exists()


def test_hostile_text_is_stored_as_text_and_shown_escaped(
        client: Client, tree: dict[str, Any], commune_editor: Any) -> None:
    hostile = "<script>alert('x')</script> hỏi về đường \u202e lên bản"
    post_form(client, place=tree["village"].pk, text=hostile)
    feedback = Feedback.objects.get()
    assert feedback.text == hostile
    # A NUL character is refused with a clear message, nothing stored.
    refused = post_form(client, place=tree["village"].pk, text="có ký tự \u0000 lạ ở đây nhé")
    assert refused.status_code == 400 and Feedback.objects.count() == 1
    client.force_login(commune_editor)
    page = client.get(reverse("feedback-detail", args=[feedback.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_a_photo_is_re_encoded_and_loses_its_metadata(
        client: Client, tree: dict[str, Any], commune_editor: Any) -> None:
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get(0x0110) == "Phone-Model-X"
    photo = io.BytesIO(original)
    photo.name = "IMG_0001.jpg"
    response = post_form(client, place=tree["village"].pk, photo=photo)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    stored = feedback.photo.read()
    assert stored != original
    assert b"Phone-Model-X" not in stored and b"taken at home" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info and "comment" not in image.info
    # The photo is outside the public media folder and served only to staff.
    assert "private" in feedback.photo.path
    assert client.get(reverse("feedback-photo", args=[feedback.pk])).status_code == 302


def test_a_file_pretending_to_be_a_photo_is_refused_and_nothing_is_saved(
        client: Client, tree: dict[str, Any]) -> None:
    fake = io.BytesIO(b"%PDF-1.4 not an image at all")
    fake.name = "anh.jpg"
    response = post_form(client, place=tree["village"].pk, photo=fake)
    assert response.status_code == 400
    assert "không phải là ảnh" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_decompression_bomb_is_refused(client: Client, tree: dict[str, Any]) -> None:
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("L", (9000, 9000)).save(out, format="PNG", optimize=True)
    bomb = io.BytesIO(out.getvalue())
    bomb.name = "bomb.png"
    assert len(out.getvalue()) < 1_000_000  # small on the wire, 81 megapixels inside
    response = post_form(client, place=tree["village"].pk, photo=bomb)
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(client: Client, tree: dict[str, Any]) -> None:
    big = io.BytesIO(b"\xff\xd8" + b"0" * (8 * 1024 * 1024 + 10))
    big.name = "big.jpg"
    response = post_form(client, place=tree["village"].pk, photo=big)
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_sender_reads_the_answer_with_the_tracking_code(
        client: Client, tree: dict[str, Any], commune_editor: Any) -> None:
    feedback = services.submit_feedback(tree["village"], "question", TEXT)
    officer = person_with(Role.OFFICER, tree["commune"], "commune-officer")
    services.answer(officer, feedback, "Ngày 15 hằng tháng tại trạm y tế xã.")
    page = client.get(f"/gop-y/tra-cuu/?code={feedback.tracking_code.lower()}")
    assert "Ngày 15 hằng tháng" in page.content.decode()
    api = client.get(f"/api/public/feedback/{feedback.tracking_code}/").json()
    assert api["status"] == "answered" and api["answer"].startswith("Ngày 15")
    assert client.get("/gop-y/tra-cuu/?code=NOPE").status_code == 404


def test_the_place_chooser_offers_communes_with_their_villages_and_no_party_bodies(
        client: Client, tree: dict[str, Any]) -> None:
    from tincoso.units.models import Unit, UnitKind

    tree["province"].refresh_from_db()
    other = Unit.objects.add_child(
        tree["province"], {"code": "ward", "name": "Phường Tân Phong", "kind": UnitKind.COMMUNE})
    group = Unit.objects.add_child(
        other, {"code": "group-1", "name": "Tổ dân phố số 1", "kind": UnitKind.VILLAGE})
    html = client.get(FORM_URL).content.decode()
    chooser = html[html.index('<select name="place"'):]
    chooser = chooser[:chooser.index("</select>")]
    assert chooser.count("<option") == 5  # the empty choice, two communes, two villages
    for party_body in ("province", "committee", "cell-a", "cell-b"):
        assert f'value="{tree[party_body].pk}"' not in chooser
    # Each village is in its commune's group, after the commune itself.
    assert (f'<optgroup label="Xã Đồng Tâm"><option value="{tree["commune"].pk}">Xã Đồng Tâm'
            f'</option><option value="{tree["village"].pk}">Bản Nà Khum</option></optgroup>'
            ) in chooser
    assert (f'<optgroup label="Phường Tân Phong"><option value="{other.pk}">Phường Tân Phong'
            f'</option><option value="{group.pk}">Tổ dân phố số 1</option></optgroup>') in chooser
    # A party body is no place to send from, even by hand.
    assert post_form(client, place=tree["cell-a"].pk).status_code == 400
    assert not Feedback.objects.exists()
