"""Reporters, talking points and activities: rules, permissions, uploads, API."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from tincoso.conftest import jpeg_with_gps, make_user, person_with
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.outreach import services
from tincoso.outreach.models import Activity, ActivityFile, Material, Reporter
from tincoso.outreach.services import ActivityData, ReporterData
from tincoso.units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def at(day: int, hour: int = 8) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=timezone.get_current_timezone())


def activity_data(unit: Any, **changes: Any) -> ActivityData:
    values: dict[str, Any] = dict(unit=unit, form="cell_meeting",
                                  topic="Quán triệt Chỉ thị 07-CT/TW", starts_at=at(5),
                                  ends_at=at(5, 10), place="Phòng họp", audience_total=20,
                                  audience_members=18, audience_civil_servants=2,
                                  audience_ethnic_minority=5)
    values.update(changes)
    return ActivityData(**values)


def test_a_cell_officer_logs_an_activity_for_their_cell_only(
        tree: dict[str, Any], cell_officer: Any) -> None:
    activity = services.log_activity(cell_officer, activity_data(tree["cell-a"]))
    assert activity.audience_total == 20 and activity.created_by == cell_officer
    with pytest.raises(PermissionDeniedError):
        services.log_activity(cell_officer, activity_data(tree["cell-b"]))
    with pytest.raises(PermissionDeniedError):
        services.update_activity(cell_officer, activity, activity_data(tree["cell-b"]))
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("changes, field", [
    ({"form": "rumour"}, "form"),
    ({"topic": "   "}, "topic"),
    ({"ends_at": at(5, 7)}, "ends_at"),
    ({"starts_at": dt.datetime(1990, 1, 1, tzinfo=dt.UTC)}, "starts_at"),
    ({"audience_total": 10}, "audience_total"),  # 18 + 2 > 10
    ({"audience_ethnic_minority": 21}, "audience_ethnic_minority"),
    ({"audience_members": -1}, "audience_members"),
    ({"minutes": "x" * 20_001}, "minutes"),
])
def test_an_activity_breaking_a_rule_is_refused(tree: dict[str, Any], cell_officer: Any,
                                                changes: dict[str, Any], field: str) -> None:
    data = activity_data(tree["cell-a"], **changes)
    assert field in [f for f, _m in services.check_activity(data)]
    with pytest.raises(DomainError):
        services.log_activity(cell_officer, data)
    assert not Activity.objects.exists()


def test_the_total_defaults_to_the_sum_of_the_groups(tree: dict[str, Any],
                                                     cell_officer: Any) -> None:
    activity = services.log_activity(cell_officer, activity_data(
        tree["cell-a"], audience_total=None, audience_citizens=5))
    assert activity.audience_total == 25


def test_reporters_from_above_may_speak_but_not_from_a_sibling(
        tree: dict[str, Any], province_admin: Any, cell_officer: Any) -> None:
    above = services.save_reporter(province_admin, tree["province"],
                                   ReporterData(full_name="Trần Minh Đức"))
    sibling = services.save_reporter(province_admin, tree["cell-b"],
                                     ReporterData(full_name="Lò Văn Minh"))
    activity = services.log_activity(cell_officer, activity_data(tree["cell-a"],
                                                                 reporters=[above]))
    assert list(activity.reporters.all()) == [above]
    with pytest.raises(DomainError):
        services.log_activity(cell_officer, activity_data(tree["cell-a"], reporters=[sibling]))


def test_the_reporter_register_keeps_topics_languages_and_period(
        tree: dict[str, Any], commune_editor: Any) -> None:
    reporter = services.save_reporter(commune_editor, tree["village"], ReporterData(
        full_name="  Giàng   A Chư ", title="Trưởng ban công tác Mặt trận",
        kind="propagandist", level="commune", topics="Đại đoàn kết; Nông thôn mới;",
        languages=["Tiếng Việt", "Tiếng Mông", "Tiếng Mông"],
        active_from=dt.date(2025, 7, 1), active_until=dt.date(2030, 6, 30)))
    assert reporter.full_name == "Giàng A Chư"
    assert reporter.topics == ["Đại đoàn kết", "Nông thôn mới"]
    assert reporter.languages == ["Tiếng Việt", "Tiếng Mông"]
    assert reporter.search_text.startswith("giang a chu")
    with pytest.raises(DomainError):
        services.save_reporter(commune_editor, tree["village"], ReporterData(
            full_name="X", active_from=dt.date(2026, 1, 2), active_until=dt.date(2026, 1, 1)))
    with pytest.raises(PermissionDeniedError):
        services.save_reporter(commune_editor, tree["cell-a"], ReporterData(full_name="Y"))


def test_reporters_see_the_talking_points_of_their_units_and_those_above(
        tree: dict[str, Any], province_admin: Any) -> None:
    material = services.add_material(province_admin, tree["committee"], campaign="Đợt 1",
                                     title="Đề cương 07-CT/TW", notes="Ba ý chính.")
    services.add_material(province_admin, tree["cell-b"], campaign="Đợt 1",
                          title="Riêng chi bộ Sở Y tế", notes="Chỉ cho cell-b.")
    speaker = make_user("speaker")
    services.save_reporter(province_admin, tree["cell-a"],
                           ReporterData(full_name="Người nói", user=None))
    reporter_a = person_with(Role.REPORTER, tree["cell-a"], "reporter-a")
    assert list(services.materials_for(reporter_a)) == [material]
    # A register entry linked to the account counts as belonging to the unit.
    entry = services.save_reporter(province_admin, tree["province"], ReporterData(
        full_name="Người nói 2"))
    assert list(services.materials_for(speaker)) == []
    Reporter.objects.filter(pk=entry.pk).update(unit=tree["cell-a"], user=speaker)
    assert list(services.materials_for(speaker)) == [material]
    # The province admin sees both (their subtree).
    assert services.materials_for(province_admin).count() == 2


def test_a_material_needs_content_and_a_document_the_editor_may_see(
        tree: dict[str, Any], commune_editor: Any, province_admin: Any) -> None:
    from tincoso.documents.models import Document

    with pytest.raises(DomainError):
        services.add_material(commune_editor, tree["commune"], campaign="Đợt", title="Trống")
    other = Document.objects.create(unit=tree["cell-b"], title="Văn bản của chi bộ khác")
    with pytest.raises(DomainError):
        services.add_material(commune_editor, tree["commune"], campaign="Đợt", title="T",
                              document=other)
    assert not Material.objects.exists()


def test_a_photo_is_re_encoded_without_metadata(tree: dict[str, Any],
                                                cell_officer: Any) -> None:
    activity = services.log_activity(cell_officer, activity_data(tree["cell-a"]))
    item = services.add_activity_file(cell_officer, activity, "hop-chi-bo.jpeg",
                                      jpeg_with_gps((3000, 2000)), ActivityFile.Kind.PHOTO)
    stored = item.file.read()
    assert item.name == "hop-chi-bo.jpg" and b"Phone-Model-X" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and max(image.size) == 2048


@pytest.mark.parametrize("name, data, kind", [
    ("anh.jpg", b"not an image", "photo"),
    ("virus.exe", b"MZ\x90\x00", "attachment"),
    ("rong.pdf", b"", "attachment"),
    ("to.pdf", b"%PDF" + b"0" * (20 * 1024 * 1024), "attachment"),
])
def test_bad_uploads_are_refused_and_nothing_is_attached(
        tree: dict[str, Any], cell_officer: Any, name: str, data: bytes, kind: str) -> None:
    activity = services.log_activity(cell_officer, activity_data(tree["cell-a"]))
    with pytest.raises(DomainError) as caught:
        services.add_activity_file(cell_officer, activity, name, data, kind)
    assert caught.value.bilingual()["en"]
    assert not ActivityFile.objects.exists()


def test_the_activity_pages_work_and_keep_siblings_out(
        client: Client, tree: dict[str, Any], cell_officer: Any,
        django_assert_max_num_queries: Any) -> None:
    reporter = services.save_reporter(None, tree["committee"], ReporterData(full_name="Đức"))
    for day in range(1, 8):
        services.log_activity(None, activity_data(tree["cell-a"], starts_at=at(day),
                                                  ends_at=None, reporters=[reporter]))
    hidden = services.log_activity(None, activity_data(tree["cell-b"], topic="Bí mật cell-b"))
    client.force_login(cell_officer)
    # 10, plus 4 for the navigation's to-do counts (core.todo: one per source an
    # officer has, the reports one reading the calendars; documents.handling's assigned
    # work): fixed, whatever the rows.
    with django_assert_max_num_queries(14):
        listing = client.get("/app/outreach/")
    html = listing.content.decode()
    assert html.count("Quán triệt Chỉ thị 07-CT/TW") == 7 and "Bí mật cell-b" not in html
    assert client.get(f"/app/outreach/{hidden.pk}/").status_code == 403
    assert client.get("/app/outreach/?unit=cell-b").status_code == 403
    response = client.post("/app/outreach/new/", {
        "unit": tree["cell-a"].pk, "form": "talk", "topic": "Nói chuyện chuyên đề",
        "date": "2026-03-20", "start": "14:00", "end": "16:00", "place": "Hội trường",
        "reporters": [reporter.pk], "audience_total": 30, "audience_members": 20,
        "audience_civil_servants": 10, "audience_citizens": 0, "audience_ethnic_minority": 3,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Activity.objects.get(topic="Nói chuyện chuyên đề")
    assert timezone.localtime(made.starts_at).hour == 14
    bad = client.post("/app/outreach/new/", {
        "unit": tree["cell-a"].pk, "form": "talk", "topic": "Sai số", "date": "2026-03-20",
        "start": "14:00", "audience_total": 5, "audience_members": 20,
        "audience_civil_servants": 0, "audience_citizens": 0, "audience_ethnic_minority": 0})
    assert bad.status_code == 400 and "nhỏ hơn tổng" in bad.content.decode()
    photo = io.BytesIO(jpeg_with_gps())
    photo.name = "anh.jpg"
    upload = client.post(f"/app/outreach/{made.pk}/", {"kind": "photo", "file": photo})
    assert upload.status_code == 302
    served = client.get(f"/app/outreach/files/{made.files.get().pk}/")
    assert b"Phone-Model-X" not in b"".join(served.streaming_content)  # type: ignore[attr-defined]
    assert client.post(f"/app/outreach/{hidden.pk}/delete/").status_code == 403
    assert client.post(f"/app/outreach/{made.pk}/delete/").status_code == 302
    assert not Activity.objects.filter(pk=made.pk).exists()


def test_reporter_and_material_pages(client: Client, tree: dict[str, Any],
                                     commune_editor: Any) -> None:
    client.force_login(commune_editor)
    response = client.post("/app/outreach/reporters/new/", {
        "unit": tree["village"].pk, "kind": "propagandist", "full_name": "Lò Văn Minh",
        "level": "commune", "topics": "Nếp sống văn minh", "languages": "Tiếng Việt; Tiếng Thái"})
    assert response.status_code == 302
    page = client.get("/app/outreach/reporters/?q=lo van").content.decode()
    assert "Lò Văn Minh" in page and "Tiếng Thái" in page
    response = client.post("/app/outreach/materials/new/", {
        "unit": tree["commune"].pk, "campaign": "Tháng 3", "title": "Đề cương",
        "notes": "Nội dung chính."})
    assert response.status_code == 302
    assert "Đề cương" in client.get("/app/outreach/materials/").content.decode()


def test_the_api_follows_the_same_rules(client: Client, tree: dict[str, Any],
                                        cell_officer: Any) -> None:
    client.force_login(cell_officer)
    body = {"unit": "cell-a", "form": "cell_meeting", "topic": "Sinh hoạt chuyên đề",
            "starts_at": "2026-03-05T14:00:00+07:00", "audience_total": 12,
            "audience_members": 12}
    made = client.post("/api/activities/", body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["unit"] == "cell-a"
    sibling = client.post("/api/activities/", {**body, "unit": "cell-b"},
                          content_type="application/json")
    assert sibling.status_code == 403 and sibling.json()["detail_en"]
    bad = client.post("/api/activities/", {**body, "audience_total": 3},
                      content_type="application/json")
    assert bad.status_code == 400
    services.log_activity(None, activity_data(tree["cell-b"]))
    listed = client.get("/api/activities/").json()["results"]
    assert [a["unit"] for a in listed] == ["cell-a"]
    pk = made.json()["id"]
    assert client.get("/api/activities/?from=2026-03-06").json()["results"] == []
    assert client.get("/api/activities/?from=nope").status_code == 400
    photo = io.BytesIO(jpeg_with_gps())
    photo.name = "a.jpg"
    attached = client.post(f"/api/activities/{pk}/files/", {"kind": "photo", "file": photo})
    assert attached.status_code == 201 and attached.json()["name"] == "a.jpg"
    assert client.delete(f"/api/activities/{pk}/").status_code == 204
    reporters = client.post("/api/reporters/", {"unit": "cell-a", "full_name": "X"},
                            content_type="application/json")
    assert reporters.status_code == 403  # officers log activities; editors keep the register


def test_a_register_entry_links_to_an_account_of_the_unit_or_above(
        client: Client, tree: dict[str, Any], commune_editor: Any) -> None:
    speaker = person_with(Role.REPORTER, tree["village"], "speaker-village")
    stranger = person_with(Role.REPORTER, tree["cell-b"], "speaker-cell-b")
    client.force_login(commune_editor)
    body = {"unit": "village", "full_name": "Lò Văn Minh", "username": "speaker-village"}
    made = client.post("/api/reporters/", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["username"] == "speaker-village"
    assert Reporter.objects.get().user == speaker
    refused = client.post("/api/reporters/", {**body, "username": "speaker-cell-b"},
                          content_type="application/json")
    assert refused.status_code == 400 and stranger.pk
    unknown = client.post("/app/outreach/reporters/new/", {
        "unit": tree["village"].pk, "kind": "reporter", "full_name": "X", "level": "commune",
        "username": "no-such-account"})
    assert unknown.status_code == 400 and "Không có tài khoản" in unknown.content.decode()
    assert Reporter.objects.count() == 1


def test_an_activity_and_a_material_carry_out_published_items_the_person_may_read(
        client: Client, tree: dict[str, Any], cell_officer: Any, province_admin: Any) -> None:
    from tincoso.conftest import live_item
    from tincoso.publishing import services as publishing

    public = live_item(tree["committee"], "Đề cương tuyên truyền Chỉ thị 07")
    draft = publishing.create_item(province_admin, tree["committee"],
                                   publishing.Draft(title="Bản nháp chưa đăng"))
    activity = services.log_activity(cell_officer, activity_data(tree["cell-a"],
                                                                 items=[public]))
    assert list(activity.items.all()) == [public]
    with pytest.raises(DomainError):
        services.log_activity(cell_officer, activity_data(tree["cell-a"], items=[draft]))
    material = services.add_material(province_admin, tree["committee"], campaign="Đợt 1",
                                     title="Tin bài làm tài liệu", item=public)
    assert material.item == public
    client.force_login(cell_officer)
    page = client.get(f"/app/outreach/{activity.pk}/").content.decode()
    assert "Đề cương tuyên truyền Chỉ thị 07" in page
    api = client.post("/api/activities/", {
        "unit": "cell-a", "form": "talk", "topic": "Nói chuyện", "items": [draft.pk],
        "starts_at": "2026-03-05T14:00:00+07:00"}, content_type="application/json")
    assert api.status_code == 400 and api.json()["detail_en"]
    assert Activity.objects.count() == 1
