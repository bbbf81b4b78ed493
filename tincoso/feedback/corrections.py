"""The corrections register: draft → submit → approve (a second person) → published.

start_correction  an editor registers a false claim and drafts the correction (version 1)
edit_draft        the author changes a draft (or a version sent back to them)
submit            the author asks for approval
approve / reject  an approver of the issuing unit, never the author (four eyes)
new_version       an update to a published correction: a new draft with a note saying
                  what changed; readers keep seeing the approved version until the
                  update is approved, and then see the note and every earlier version
claim_review      the published correction as schema.org ClaimReview (JSON-LD)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.core.notifications import notify
from tincoso.core.text import clean_line, nfc
from tincoso.feedback.models import (
    RATING_VALUE,
    Correction,
    CorrectionVersion,
    Rating,
    VersionStatus,
)
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

MAX_SOURCES = 20


class CorrectionError(DomainError):
    code = "invalid_correction"


@dataclass
class CorrectionData:
    headline: str
    claim_summary: str
    rating: str
    facts: str
    claim_where_seen: str = ""
    claim_urls: list[str] = field(default_factory=list)
    claim_first_seen: dt.date | None = None
    claim_reach: int | None = None
    sources: list[dict[str, str]] = field(default_factory=list)
    change_note: str = ""


def _url(value: str) -> str:
    url = clean_line(value)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 1000:
        raise CorrectionError(_("Đường dẫn không hợp lệ: %(url)s"), url=url[:100])
    return url


def _clean(data: CorrectionData, *, needs_note: bool) -> dict[str, Any]:
    headline = clean_line(data.headline)
    summary = nfc(data.claim_summary).strip()
    facts = nfc(data.facts).strip()
    if not headline or not summary or not facts:
        raise CorrectionError(_("Hãy nhập tiêu đề, nội dung thông tin sai và thông tin "
                                "chính xác."))
    if data.rating not in Rating.values:
        raise CorrectionError(_("Hãy chọn kết luận."))
    if data.claim_first_seen and data.claim_first_seen > clock.today():
        raise CorrectionError(_("Ngày phát hiện không thể ở tương lai."))
    if data.claim_reach is not None and data.claim_reach < 0:
        raise CorrectionError(_("Mức độ lan truyền không hợp lệ."))
    sources = []
    for source in data.sources[:MAX_SOURCES]:
        title = clean_line(str(source.get("title", "")))[:255]
        link = str(source.get("url", "")).strip()
        if not title and not link:
            continue
        sources.append({"title": title or link, "url": _url(link) if link else ""})
    if not sources:
        raise CorrectionError(_("Đính chính cần ít nhất một nguồn dẫn chứng."))
    note = nfc(data.change_note).strip()
    if needs_note and not note:
        raise CorrectionError(_("Bản cập nhật cần ghi rõ nội dung thay đổi."))
    return {
        "headline": headline[:255], "claim_summary": summary[:5000], "rating": data.rating,
        "facts": facts[:20000], "claim_where_seen": nfc(data.claim_where_seen).strip()[:2000],
        "claim_urls": [_url(u) for u in data.claim_urls if u.strip()][:MAX_SOURCES],
        "claim_first_seen": data.claim_first_seen, "claim_reach": data.claim_reach,
        "sources": sources, "change_note": note[:2000],
    }


_require = permissions.require_unless_system


@transaction.atomic
def start_correction(actor: Any, unit: Unit, data: CorrectionData) -> Correction:
    _require(actor, Action.EDIT_CONTENT, unit)
    fields = _clean(data, needs_note=False)
    correction = Correction.objects.create(unit=unit, created_by=actor, created_at=clock.now())
    CorrectionVersion.objects.create(correction=correction, number=1, author=actor,
                                     created_at=clock.now(), **fields)
    return correction


def _latest(correction: Correction) -> CorrectionVersion:
    version = correction.versions.order_by("-number").first()
    assert version is not None
    return version


@transaction.atomic
def edit_draft(actor: Any, version: CorrectionVersion, data: CorrectionData) -> CorrectionVersion:
    """Change a draft; only its author may, and never once it is sent or approved."""
    _require(actor, Action.EDIT_CONTENT, version.correction.unit)
    if version.status != VersionStatus.DRAFT:
        raise ConflictError(_("Chỉ sửa được bản nháp; bản đã gửi duyệt hoặc đã công bố "
                              "thì giữ nguyên."))
    if actor is not None and version.author_id != actor.pk:
        raise PermissionDeniedError(_("Chỉ người soạn mới sửa được bản nháp này."))
    for name, value in _clean(data, needs_note=version.number > 1).items():
        setattr(version, name, value)
    version.save()
    return version


@transaction.atomic
def submit(actor: Any, version: CorrectionVersion) -> CorrectionVersion:
    unit = version.correction.unit
    _require(actor, Action.EDIT_CONTENT, unit)
    if version.status != VersionStatus.DRAFT:
        raise ConflictError(_("Bản này không ở trạng thái nháp."))
    version.status = VersionStatus.SUBMITTED
    version.submitted_at = clock.now()
    version.rejection_note = ""
    version.save()
    approvers = [u for u in get_user_model().objects.filter(
        pk__in=permissions.approver_ids(unit), is_active=True).order_by("pk")
        if u.pk != version.author_id]
    notify(approvers, str(_("Đính chính chờ duyệt: %(headline)s") % {
        "headline": version.headline}), version.claim_summary[:300],
        reverse("correction-detail", args=[version.correction_id]))
    return version


@transaction.atomic
def approve(actor: Any, version: CorrectionVersion) -> CorrectionVersion:
    """A second person with the approver role on the issuing unit publishes the version."""
    correction = Correction.objects.select_for_update().get(pk=version.correction_id)
    permissions.require(actor, Action.APPROVE, correction.unit)
    if version.status != VersionStatus.SUBMITTED:
        raise ConflictError(_("Bản này không ở trạng thái chờ duyệt."))
    if version.author_id == actor.pk:
        raise PermissionDeniedError(_("Người soạn không được tự duyệt đính chính của mình."))
    now = clock.now()
    previous = correction.published_version
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    version.status = VersionStatus.APPROVED
    version.approver = actor
    version.approved_at = now
    version.save()
    correction.published_version = version
    correction.first_published_at = correction.first_published_at or now
    correction.save(update_fields=["published_version", "first_published_at"])
    return version


@transaction.atomic
def reject(actor: Any, version: CorrectionVersion, note: str) -> CorrectionVersion:
    """Send a submitted version back to its author as a draft, saying why."""
    permissions.require(actor, Action.APPROVE, version.correction.unit)
    if version.status != VersionStatus.SUBMITTED:
        raise ConflictError(_("Bản này không ở trạng thái chờ duyệt."))
    note = nfc(note or "").strip()
    if not note:
        raise CorrectionError(_("Hãy ghi lý do trả lại."))
    version.status = VersionStatus.DRAFT
    version.rejection_note = note[:2000]
    version.save()
    notify([version.author], str(_("Đính chính bị trả lại: %(headline)s") % {
        "headline": version.headline}), note, reverse("correction-detail",
                                                      args=[version.correction_id]))
    return version


@transaction.atomic
def new_version(actor: Any, correction: Correction, data: CorrectionData) -> CorrectionVersion:
    """Start an update of a published correction, saying what changes (``change_note``)."""
    _require(actor, Action.EDIT_CONTENT, correction.unit)
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.published_version_id is None:
        raise ConflictError(_("Đính chính chưa công bố: hãy sửa bản nháp."))
    latest = _latest(correction)
    if latest.status in (VersionStatus.DRAFT, VersionStatus.SUBMITTED):
        raise ConflictError(_("Đã có một bản cập nhật đang soạn hoặc chờ duyệt."))
    fields = _clean(data, needs_note=True)
    return CorrectionVersion.objects.create(
        correction=correction, number=latest.number + 1, author=actor, created_at=clock.now(),
        **fields)


def published() -> QuerySet[Correction]:
    return Correction.objects.filter(published_version__isnull=False).select_related(
        "unit", "published_version")


def corrections_visible_to(user: Any) -> QuerySet[Correction]:
    return permissions.restrict(Correction.objects.all(), user, Action.VIEW)


def history(correction: Correction) -> list[CorrectionVersion]:
    """The approved versions, newest first: what readers were shown, and when."""
    return list(correction.versions.filter(
        status__in=[VersionStatus.APPROVED, VersionStatus.SUPERSEDED]).order_by("-number"))


# --- structured data ----------------------------------------------------------------------


def claim_review(correction: Correction, *, base_url: str | None = None) -> dict[str, Any]:
    """schema.org ClaimReview for the published version of ``correction``."""
    version = correction.published_version
    if version is None:
        raise ConflictError(_("Đính chính chưa được công bố."))
    base = (base_url or settings.SITE_URL or "").rstrip("/")
    url = base + reverse("correction-public", args=[correction.pk])
    claim: dict[str, Any] = {"@type": "Claim"}
    if version.claim_first_seen:
        claim["datePublished"] = version.claim_first_seen.isoformat()
    if version.claim_urls:
        claim["appearance"] = [{"@type": "CreativeWork", "url": u} for u in version.claim_urls]
        claim["firstAppearance"] = claim["appearance"][0]
    if version.claim_where_seen:
        claim["description"] = version.claim_where_seen
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "headline": version.headline,
        "inLanguage": "vi",
        "claimReviewed": version.claim_summary,
        "itemReviewed": claim,
        "reviewBody": version.facts,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUE[Rating(version.rating)],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": str(Rating(version.rating).label),
        },
        "author": {"@type": "Organization", "name": correction.unit.name, "url": base + "/"},
        "datePublished": (correction.first_published_at or version.approved_at or clock.now())
        .isoformat(),
        "dateModified": (version.approved_at or clock.now()).isoformat(),
        "version": str(version.number),
        "citation": [
            {"@type": "CreativeWork", "name": s["title"], **({"url": s["url"]} if s["url"]
                                                             else {})}
            for s in version.sources
        ],
    }
    return data


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """A ``<script type="application/ld+json">`` element that no text can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))
