"""Rules for items: write, review, approve (four eyes), publish, correct, withdraw.

draft → in review → approved → published → withdrawn / archived. The approver is
a different person from the author and holds the approver role on the issuing
unit. A published item is corrected only by a new version with a note.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.core.text import clean_line, nfc
from tincoso.documents.models import Document
from tincoso.publishing import content, search
from tincoso.publishing.models import LANGUAGES, Item, ItemVersion, Topic
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

S = Item.Status
MAX_TITLE = 300
MAX_BODY = 200_000


class ItemError(DomainError):
    code = "invalid_item"


@dataclass
class Draft:
    title: str
    summary: str = ""
    body: str = ""
    kind: str = Item.Kind.BULLETIN
    audience: str = Item.Audience.PUBLIC
    language: str = "vi"
    topics: list[str] = field(default_factory=list)  # topic slugs
    featured: bool = False
    publish_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None


def _check(draft: Draft) -> Draft:
    title = clean_line(draft.title or "")
    if not title:
        raise ItemError(_("Tin bài cần có tiêu đề."))
    if len(title) > MAX_TITLE:
        raise ItemError(_("Tiêu đề dài quá %(n)s ký tự."), n=MAX_TITLE)
    if len(draft.body or "") > MAX_BODY:
        raise ItemError(_("Nội dung dài quá %(n)s ký tự."), n=MAX_BODY)
    if draft.kind not in Item.Kind.values or draft.audience not in Item.Audience.values:
        raise ItemError(_("Loại tin hoặc đối tượng không hợp lệ."))
    if draft.language not in dict(LANGUAGES):
        raise ItemError(_("Ngôn ngữ “%(lang)s” không hợp lệ."), lang=draft.language)
    if draft.publish_at and draft.expires_at and draft.expires_at <= draft.publish_at:
        raise ItemError(_("Thời điểm hết hạn phải sau thời điểm đăng."))
    draft.title = title
    draft.summary = nfc(draft.summary or "").strip()
    draft.body = nfc(draft.body or "")
    return draft


def _new_version(item: Item, actor: Any, draft: Draft, note: str = "") -> ItemVersion:
    number = (item.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ItemVersion.objects.create(
        item=item,
        number=number,
        title=draft.title,
        summary=draft.summary,
        body=draft.body,
        body_html=content.render(draft.body),
        correction_note=nfc(note).strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
        created_at=clock.now(),
    )
    item.current = version
    return version


def _apply_meta(item: Item, draft: Draft) -> None:
    item.kind, item.audience, item.language = draft.kind, draft.audience, draft.language
    item.featured, item.publish_at, item.expires_at = (
        draft.featured,
        draft.publish_at,
        draft.expires_at,
    )


def _set_topics(item: Item, slugs: list[str]) -> None:
    item.topics.set(Topic.objects.filter(slug__in=slugs))


def _require(actor: Any, action: Action, unit: Unit) -> None:
    if actor is not None:
        permissions.require(actor, action, unit)


@transaction.atomic
def create_item(
    actor: Any,
    unit: Unit,
    draft: Draft,
    *,
    source: Document | None = None,
    translation_of: Item | None = None,
) -> Item:
    _require(actor, Action.EDIT_CONTENT, unit)
    draft = _check(draft)
    item = Item(
        unit=unit,
        author=actor if getattr(actor, "pk", None) else None,
        source_document=source,
        translation_of=translation_of,
        created_at=clock.now(),
    )
    _apply_meta(item, draft)
    item.save()
    _new_version(item, actor, draft)
    item.save(update_fields=["current"])
    _set_topics(item, draft.topics)
    return item


def draft_from_document(actor: Any, unit: Unit, doc: Document) -> Item:
    """Prefill a bulletin from a registered document the editor may see."""
    from tincoso.documents.services import can_view_document

    if actor is not None and not can_view_document(actor, doc):
        raise PermissionDeniedError(_("Bạn không có quyền xem văn bản này."))
    summary = f"{doc.label} ngày {doc.date:%d/%m/%Y} của {doc.issuer}." if doc.date else doc.label
    body = f"{summary}\n\n**Trích yếu:** {doc.title}\n"
    return create_item(
        actor,
        unit,
        Draft(title=doc.title[:MAX_TITLE] or doc.label, summary=summary, body=body),
        source=doc,
    )


@transaction.atomic
def edit_item(actor: Any, item: Item, draft: Draft) -> Item:
    """Change a draft (or an item sent back): every save is a new version."""
    _require(actor, Action.EDIT_CONTENT, item.unit)
    if item.status not in (S.DRAFT, S.REVIEW):
        raise ConflictError(_("Tin đã duyệt hoặc đã đăng: hãy dùng “Đính chính” để sửa."))
    draft = _check(draft)
    _apply_meta(item, draft)
    _new_version(item, actor, draft)
    item.status = S.DRAFT
    item.updated_at = clock.now()
    item.save()
    _set_topics(item, draft.topics)
    return item


def _move(item: Item, allowed: tuple[str, ...], to: str) -> None:
    if item.status not in allowed:
        raise ConflictError(
            _("Không thể chuyển tin từ trạng thái “%(status)s”."), status=item.get_status_display()
        )
    item.status = to
    item.updated_at = clock.now()


@transaction.atomic
def submit_for_review(actor: Any, item: Item) -> Item:
    _require(actor, Action.EDIT_CONTENT, item.unit)
    _move(item, (S.DRAFT,), S.REVIEW)
    item.save()
    return item


@transaction.atomic
def send_back(actor: Any, item: Item) -> Item:
    _require(actor, Action.APPROVE, item.unit)
    _move(item, (S.REVIEW, S.APPROVED), S.DRAFT)
    item.save()
    return item


@transaction.atomic
def approve(actor: Any, item: Item) -> Item:
    """Four eyes: an approver of the issuing unit who is not the author.

    Publishes at once, or at ``publish_at`` when that is later (see publish_due).
    """
    permissions.require(actor, Action.APPROVE, item.unit)
    authors = set(item.versions.exclude(created_by=None).values_list("created_by", flat=True))
    if actor.pk == item.author_id or actor.pk in authors:
        raise PermissionDeniedError(_("Người duyệt phải khác người viết tin (nguyên tắc bốn mắt)."))
    _move(item, (S.REVIEW,), S.APPROVED)
    item.approved_by = actor
    item.save()
    if item.publish_at is None or item.publish_at <= clock.now():
        _publish(item)
    return item


def _publish(item: Item) -> None:
    item.status = S.PUBLISHED
    item.published_version = item.current
    item.published_at = item.published_at or max(item.publish_at or clock.now(), clock.now())
    item.updated_at = clock.now()  # moves the portal's cache stamp
    item.save()
    search.index_item(item)


@transaction.atomic
def publish_due() -> int:
    """Publish approved items whose time has come; unindex expired ones (periodic)."""
    now = clock.now()
    due = list(Item.objects.filter(status=S.APPROVED, publish_at__lte=now))
    for item in due:
        _publish(item)
    for item in Item.objects.filter(status=S.PUBLISHED, expires_at__lte=now):
        search.unindex_item(item)
    return len(due)


@transaction.atomic
def correct(actor: Any, item: Item, draft: Draft, note: str) -> Item:
    """A published item changes only by a new version that says what changed."""
    _require(actor, Action.EDIT_CONTENT, item.unit)
    if item.status != S.PUBLISHED:
        raise ConflictError(_("Chỉ đính chính được tin đã đăng."))
    if not (note or "").strip():
        raise ItemError(_("Hãy ghi nội dung đính chính (đã sửa gì)."))
    draft = _check(draft)
    _apply_meta(item, draft)
    item.published_version = _new_version(item, actor, draft, note)
    item.updated_at = clock.now()
    item.save()
    search.index_item(item)
    return item


@transaction.atomic
def withdraw(actor: Any, item: Item) -> Item:
    permissions.require(actor, Action.APPROVE, item.unit)
    _move(item, (S.PUBLISHED, S.APPROVED), S.WITHDRAWN)
    item.save()
    search.unindex_item(item)
    return item


@transaction.atomic
def archive(actor: Any, item: Item) -> Item:
    _require(actor, Action.EDIT_CONTENT, item.unit)
    _move(item, (S.PUBLISHED, S.WITHDRAWN, S.DRAFT), S.ARCHIVED)
    item.save()
    search.unindex_item(item)
    return item


def diff(old: ItemVersion, new: ItemVersion) -> str:
    a = f"{old.title}\n\n{old.summary}\n\n{old.body}".splitlines()
    b = f"{new.title}\n\n{new.summary}\n\n{new.body}".splitlines()
    return "\n".join(difflib.unified_diff(a, b, f"v{old.number}", f"v{new.number}", lineterm=""))


# --- who sees what -------------------------------------------------------------------


def live() -> QuerySet[Item]:
    now = clock.now()
    return Item.objects.filter(status=S.PUBLISHED, published_at__lte=now).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def member_paths(user: Any) -> tuple[list[str], list[str]]:
    """(subtree roots, ancestor paths) of the units a logged-in user belongs to."""
    if not (user and user.is_authenticated):
        return [], []
    if user.is_superuser:
        return [""], []
    roots = permissions.root_paths(user, Action.VIEW) or []
    ancestors = {r[: i * Unit.steplen] for r in roots for i in range(1, len(r) // Unit.steplen)}
    return roots, sorted(ancestors)


def audience_filter(user: Any, prefix: str = "") -> Q:
    """Public items, and members-only items of units the user belongs to, above or below."""
    roots, ancestors = member_paths(user)
    q = Q(**{f"{prefix}audience": Item.Audience.PUBLIC})
    for root in roots:
        q |= Q(**{f"{prefix}unit__path__startswith": root})
    if ancestors:
        q |= Q(**{f"{prefix}unit__path__in": ancestors})
    return q


def items_visible_to(user: Any) -> QuerySet[Item]:
    return live().filter(audience_filter(user)).select_related("unit", "published_version")


def can_read(user: Any, item: Item) -> bool:
    return items_visible_to(user).filter(pk=item.pk).exists()
