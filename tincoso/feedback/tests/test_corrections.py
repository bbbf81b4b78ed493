"""The corrections register: four eyes, versions never silently replaced, ClaimReview."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client
from pyld import jsonld

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.feedback import corrections
from tincoso.feedback.corrections import CorrectionData
from tincoso.feedback.models import Correction, CorrectionVersion, VersionStatus
from tincoso.units.models import Role

pytestmark = pytest.mark.django_db
SCHEMA = "https://schema.org/"


def data(**changes: Any) -> CorrectionData:
    values: dict[str, Any] = dict(
        headline="Không có chuyện thu hồi đất khi làm định danh điện tử",
        claim_summary="Tin đồn: làm định danh điện tử sẽ bị thu hồi sổ đỏ.",
        claim_where_seen="Nhóm Zalo của bản",
        claim_urls=["https://example.com/post/1"],
        claim_first_seen=dt.date(2026, 2, 20), claim_reach=1200, rating="false",
        facts="Định danh điện tử không liên quan đến quyền sử dụng đất.",
        sources=[{"title": "Cổng Dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn/"}],
    )
    values.update(changes)
    return CorrectionData(**values)


@pytest.fixture
def people(tree: dict[str, Any]) -> dict[str, Any]:
    return {
        "editor": person_with(Role.EDITOR, tree["committee"], "editor-committee"),
        "approver": person_with(Role.APPROVER, tree["committee"], "approver-committee"),
        "approver_b": person_with(Role.APPROVER, tree["cell-b"], "approver-cell-b"),
        "officer": person_with(Role.OFFICER, tree["committee"], "officer-committee"),
    }


@pytest.fixture
def published(tree: dict[str, Any], people: dict[str, Any]) -> Correction:
    clock.set(dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC))
    correction = corrections.start_correction(people["editor"], tree["committee"], data())
    version = correction.versions.get()
    corrections.submit(people["editor"], version)
    corrections.approve(people["approver"], version)
    correction.refresh_from_db()
    return correction


def test_a_correction_is_published_only_after_a_second_person_approves(
        tree: dict[str, Any], people: dict[str, Any]) -> None:
    correction = corrections.start_correction(people["editor"], tree["committee"], data())
    version = correction.versions.get()
    assert not corrections.published().filter(pk=correction.pk).exists()
    with pytest.raises(ConflictError):  # a draft is not approved before it is submitted
        corrections.approve(people["approver"], version)
    corrections.submit(people["editor"], version)
    corrections.approve(people["approver"], version)
    assert corrections.published().filter(pk=correction.pk).exists()
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED and version.approver == people["approver"]


def test_the_author_cannot_approve_their_own_correction_even_as_an_approver(
        tree: dict[str, Any], people: dict[str, Any]) -> None:
    from tincoso.units.services import grant_role

    author = people["approver"]
    grant_role(None, author, tree["province"], Role.EDITOR)
    from tincoso.units import permissions

    permissions.forget(author)
    correction = corrections.start_correction(author, tree["committee"], data())
    version = correction.versions.get()
    corrections.submit(author, version)
    with pytest.raises(PermissionDeniedError):
        corrections.approve(author, version)
    assert CorrectionVersion.objects.get(pk=version.pk).status == VersionStatus.SUBMITTED


@pytest.mark.parametrize("who", ["editor", "officer", "approver_b"])
def test_only_an_approver_of_the_issuing_unit_approves(
        tree: dict[str, Any], people: dict[str, Any], who: str) -> None:
    correction = corrections.start_correction(people["editor"], tree["committee"], data())
    version = correction.versions.get()
    corrections.submit(people["editor"], version)
    with pytest.raises(PermissionDeniedError):
        corrections.approve(people[who], version)
    assert not corrections.published().exists()


def test_the_database_itself_refuses_an_author_approving(tree: dict[str, Any],
                                                         people: dict[str, Any]) -> None:
    from django.db import IntegrityError, transaction

    correction = corrections.start_correction(people["editor"], tree["committee"], data())
    version = correction.versions.get()
    version.approver = people["editor"]
    with pytest.raises(IntegrityError), transaction.atomic():
        version.save()


def test_a_rejected_version_goes_back_to_its_author_with_the_reason(
        tree: dict[str, Any], people: dict[str, Any]) -> None:
    correction = corrections.start_correction(people["editor"], tree["committee"], data())
    version = correction.versions.get()
    corrections.submit(people["editor"], version)
    with pytest.raises(DomainError):
        corrections.reject(people["approver"], version, "  ")
    corrections.reject(people["approver"], version, "Cần thêm nguồn chính thức.")
    assert version.status == VersionStatus.DRAFT
    corrections.edit_draft(people["editor"], version, data(headline="Tiêu đề mới"))
    assert CorrectionVersion.objects.get(pk=version.pk).headline == "Tiêu đề mới"


def test_a_submitted_or_published_version_cannot_be_edited(
        published: Correction, people: dict[str, Any]) -> None:
    version = published.published_version
    assert version is not None
    with pytest.raises(ConflictError):
        corrections.edit_draft(people["editor"], version, data(facts="Âm thầm sửa."))
    assert CorrectionVersion.objects.get(pk=version.pk).facts.startswith("Định danh")


def test_an_update_is_a_new_version_with_a_visible_note(
        client: Client, published: Correction, people: dict[str, Any]) -> None:
    with pytest.raises(DomainError):  # no silent update: a note is required
        corrections.new_version(people["editor"], published, data(facts="Thêm chi tiết."))
    clock.advance(dt.timedelta(days=3))
    update = corrections.new_version(
        people["editor"], published, data(facts="Thêm chi tiết mới.",
                                          change_note="Bổ sung nguồn của Công an tỉnh."))
    assert update.number == 2 and update.status == VersionStatus.DRAFT
    with pytest.raises(ConflictError):  # one update at a time
        corrections.new_version(people["editor"], published, data(change_note="x"))
    # Until the update is approved, readers see version 1 unchanged.
    page = client.get(f"/dinh-chinh/{published.pk}/").content.decode()
    assert "Thêm chi tiết mới." not in page and "Định danh điện tử không liên quan" in page
    corrections.submit(people["editor"], update)
    corrections.approve(people["approver"], update)
    page = client.get(f"/dinh-chinh/{published.pk}/").content.decode()
    assert "Thêm chi tiết mới." in page
    assert "Bổ sung nguồn của Công an tỉnh." in page and "cập nhật lần 2" in page
    assert "Lịch sử cập nhật" in page and "Bản 1" in page
    first = CorrectionVersion.objects.get(correction=published, number=1)
    assert first.status == VersionStatus.SUPERSEDED
    assert first.facts.startswith("Định danh")  # the old text is kept as it was
    published.refresh_from_db()
    assert published.first_published_at == first.approved_at


@pytest.mark.parametrize("change, message", [
    ({"headline": ""}, "tiêu đề"),
    ({"rating": "sort-of"}, "kết luận"),
    ({"sources": []}, "nguồn"),
    ({"sources": [{"title": "x", "url": "javascript:alert(1)"}]}, "Đường dẫn"),
    ({"claim_urls": ["ftp://example.com"]}, "Đường dẫn"),
    ({"claim_first_seen": dt.date(2999, 1, 1)}, "tương lai"),
])
def test_bad_input_is_refused_and_nothing_is_saved(
        tree: dict[str, Any], people: dict[str, Any], change: dict[str, Any],
        message: str) -> None:
    with pytest.raises(DomainError) as caught:
        corrections.start_correction(people["editor"], tree["committee"], data(**change))
    assert message.lower() in caught.value.text("vi").lower()
    assert caught.value.bilingual()["en"]
    assert not Correction.objects.exists()


def _json_ld(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    parsed: dict[str, Any] = json.loads(match.group(1))
    return parsed


def _schema_loader(url: str, options: Any = None) -> dict[str, Any]:
    """schema.org's context, offline: every term is in the schema.org vocabulary."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA}}}


def test_the_public_page_carries_claimreview_that_is_valid_json_ld(
        client: Client, published: Correction) -> None:
    html = client.get(f"/dinh-chinh/{published.pk}/").content.decode()
    data = _json_ld(html)
    expanded = jsonld.expand(data, {"documentLoader": _schema_loader})
    assert len(expanded) == 1
    review = expanded[0]
    assert review["@type"] == [SCHEMA + "ClaimReview"]
    assert review[SCHEMA + "claimReviewed"][0]["@value"].startswith("Tin đồn")
    rating = review[SCHEMA + "reviewRating"][0]
    assert rating["@type"] == [SCHEMA + "Rating"]
    assert rating[SCHEMA + "ratingValue"][0]["@value"] == 1
    assert rating[SCHEMA + "alternateName"][0]["@value"] == "Sai sự thật"
    author = review[SCHEMA + "author"][0]
    assert author["@type"] == [SCHEMA + "Organization"]
    assert author[SCHEMA + "name"][0]["@value"] == "Tỉnh ủy Thử Nghiệm"
    claim = review[SCHEMA + "itemReviewed"][0]
    assert claim["@type"] == [SCHEMA + "Claim"]
    assert claim[SCHEMA + "appearance"][0][SCHEMA + "url"][0]["@value"] == (
        "https://example.com/post/1")
    # What Google's fact-check markup requires: url, claimReviewed, reviewRating, author.
    for key in ("url", "claimReviewed", "reviewRating", "author", "datePublished"):
        assert data[key]
    assert data["url"].endswith(f"/dinh-chinh/{published.pk}/")
    # Round trip: compacting against the same context gives the same document back.
    compacted = jsonld.compact(expanded, "https://schema.org",
                               {"documentLoader": _schema_loader})
    assert compacted["claimReviewed"] == data["claimReviewed"]


def test_claim_text_cannot_break_out_of_the_json_ld_script(
        client: Client, tree: dict[str, Any], people: dict[str, Any]) -> None:
    hostile = "</script><script>alert(1)</script> & <!--"
    correction = corrections.start_correction(people["editor"], tree["committee"],
                                              data(claim_summary=hostile))
    version = correction.versions.get()
    corrections.submit(people["editor"], version)
    corrections.approve(people["approver"], version)
    html = client.get(f"/dinh-chinh/{correction.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert _json_ld(html)["claimReviewed"] == hostile


def test_drafts_are_not_public(client: Client, tree: dict[str, Any],
                               people: dict[str, Any]) -> None:
    draft = corrections.start_correction(people["editor"], tree["committee"], data())
    assert client.get(f"/dinh-chinh/{draft.pk}/").status_code == 404
    assert "Không có chuyện" not in client.get("/dinh-chinh/").content.decode()
    assert client.get("/api/public/corrections/").json()["results"] == []


def test_the_corrections_page_feed_and_api_list_published_corrections(
        client: Client, published: Correction, people: dict[str, Any]) -> None:
    assert "Không có chuyện thu hồi đất" in client.get("/dinh-chinh/").content.decode()
    feed = ElementTree.fromstring(client.get("/dinh-chinh/rss/").content)  # noqa: S314 - our own feed
    titles = [t.text for t in feed.iter("title")]
    assert any(t and "[Sai sự thật] Không có chuyện thu hồi đất" in t for t in titles)
    guid = next(feed.iter("guid")).text
    assert guid == f"correction-{published.pk}-v1"
    api = client.get("/api/public/corrections/").json()["results"][0]
    assert api["version"] == 1 and api["claim_review"]["@type"] == "ClaimReview"
    # An update shows in the feed as a new entry, saying it is an update.
    update = corrections.new_version(people["editor"], published,
                                     data(change_note="Sửa lỗi chính tả."))
    corrections.submit(people["editor"], update)
    corrections.approve(people["approver"], update)
    feed = ElementTree.fromstring(client.get("/dinh-chinh/rss/").content)  # noqa: S314 - our own feed
    assert next(feed.iter("guid")).text == f"correction-{published.pk}-v2"
    assert any(t.text and t.text.startswith("Cập nhật:") for t in feed.iter("title"))


def test_the_staff_api_runs_the_whole_workflow(client: Client, tree: dict[str, Any],
                                               people: dict[str, Any]) -> None:
    body = {"unit": "committee", "headline": "Tin sai về giá điện",
            "claim_summary": "Giá điện tăng gấp đôi từ tháng sau.", "rating": "false",
            "facts": "Không có quyết định tăng giá điện.",
            "sources": [{"title": "EVN", "url": "https://www.evn.com.vn/"}]}
    client.force_login(people["editor"])
    made = client.post("/api/corrections/", body, content_type="application/json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert client.post(f"/api/corrections/{pk}/submit/").status_code == 200
    assert client.post(f"/api/corrections/{pk}/approve/").status_code == 403
    client.force_login(people["approver_b"])  # an approver of a sibling cannot even see it
    assert client.post(f"/api/corrections/{pk}/approve/").status_code == 404
    client.force_login(people["approver"])
    approved = client.post(f"/api/corrections/{pk}/approve/")
    assert approved.status_code == 200 and approved.json()["published_version"] == 1
    client.force_login(people["editor"])
    update = client.post(f"/api/corrections/{pk}/update_version/", body,
                         content_type="application/json")
    assert update.status_code == 400 and update.json()["detail_en"]
    update = client.post(f"/api/corrections/{pk}/update_version/",
                         {**body, "change_note": "Thêm nguồn."},
                         content_type="application/json")
    assert update.status_code == 201
    assert [v["status"] for v in update.json()["versions"]] == ["approved", "draft"]


def test_staff_pages_show_the_register_and_its_workflow(
        client: Client, published: Correction, tree: dict[str, Any], people: dict[str, Any],
        django_assert_num_queries: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["approver"])
    with CaptureQueriesContext(connection) as one:
        listing = client.get("/app/corrections/")
    assert "Không có chuyện thu hồi đất" in listing.content.decode()
    for _ in range(3):  # four corrections cost the list what one did
        extra = corrections.start_correction(people["editor"], tree["committee"], data())
        corrections.submit(people["editor"], extra.versions.get())
        corrections.approve(people["approver"], extra.versions.get())
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/app/corrections/")
    client.force_login(people["editor"])
    page = client.get(f"/app/corrections/{published.pk}/edit/")
    assert page.status_code == 200 and "bản mới, cần duyệt lại" in page.content.decode()
    response = client.post(f"/app/corrections/{published.pk}/edit/", {
        "headline": "Tiêu đề cập nhật", "claim_summary": "Tin đồn.", "rating": "misleading",
        "facts": "Sự thật.", "sources": "Nguồn | https://example.org/a",
        "change_note": "Đổi kết luận."})
    assert response.status_code == 302
    latest = published.versions.order_by("-number").first()
    assert latest is not None and latest.number == 2 and latest.rating == "misleading"
    client.post(f"/app/corrections/{published.pk}/submit/", {"version": latest.pk})
    client.force_login(people["approver"])
    client.post(f"/app/corrections/{published.pk}/approve/", {"version": latest.pk})
    published.refresh_from_db()
    assert published.published_version == latest
