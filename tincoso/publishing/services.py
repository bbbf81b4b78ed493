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

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.core.notifications import notify
from tincoso.core.text import clean_line, nfc
from tincoso.documents.models import Document
from tincoso.publishing import content
from tincoso.publishing.models import LANGUAGES, Item, ItemVersion, Topic
from tincoso.publishing.search_source import index_item, unindex_item

# Who sees what lives in ``visibility`` (search's "item" source reads it without
# importing these services); callers keep reading it here.
from tincoso.publishing.visibility import audience_filter as audience_filter
from tincoso.publishing.visibility import can_read as can_read
from tincoso.publishing.visibility import items_visible_to as items_visible_to
from tincoso.publishing.visibility import live as live
from tincoso.publishing.visibility import member_paths as member_paths
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


_require = permissions.require_unless_system


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
    if source is not None and actor is not None:
        _require_document(actor, source)
    if translation_of is not None:
        translation_of = translation_of.translation_of or translation_of  # one family, one root
        if actor is not None:
            permissions.require(actor, Action.VIEW, translation_of.unit)
        if (
            draft.language == translation_of.language
            or translation_of.translations.filter(language=draft.language).exists()
        ):
            raise ItemError(
                _("Tin này đã có bản bằng ngôn ngữ “%(lang)s”."),
                lang=dict(LANGUAGES)[draft.language],
            )
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


def _require_document(actor: Any, doc: Document) -> None:
    from tincoso.documents.services import can_view_document

    if doc.status != Document.Status.REGISTERED or not can_view_document(actor, doc):
        raise PermissionDeniedError(_("Bạn không có quyền xem văn bản này."))


def public_copy_of(doc: Document) -> Item | None:
    """The newest item anyone may read on the portal that carries ``doc``, if any."""
    return (
        items_visible_to(None)
        .filter(source_document=doc, audience=Item.Audience.PUBLIC)
        .order_by("-published_at", "-pk")
        .first()
    )


def draft_from_document(actor: Any, doc: Document) -> Draft:
    """A draft prefilled from a registered document the editor may see: its title,
    a summary citing it, and in the body a link to its public copy if it has one.
    Nothing is saved yet."""
    if actor is not None:
        _require_document(actor, doc)
    cited = doc.label or doc.title
    parts = [cited]
    if doc.date:
        parts.append(str(_("ngày %(date)s") % {"date": doc.date.strftime("%d/%m/%Y")}))
    if doc.issuer:
        parts.append(str(_("của %(issuer)s") % {"issuer": doc.issuer}))
    summary = " ".join(parts) + "."
    body = f"{summary}\n\n**{_('Trích yếu')}:** {doc.title}\n"
    # Readers of the item cannot open the staff register (/app/...): the draft links
    # only to a public copy of the document, a published public item citing it.
    public = public_copy_of(doc)
    if public is not None:
        body += f"\n[{cited}]({reverse('portal-item', args=[public.pk])})\n"
    return Draft(title=(doc.title or cited)[:MAX_TITLE], summary=summary, body=body)


class StaleVersionError(ConflictError):
    code = "stale_version"


def current_number(item: Item) -> int:
    """The number of the item's current version: what an edit says it started from."""
    return item.current.number if item.current_id and item.current else 0


def _require_version(item: Item, expected: int | None) -> None:
    """Optimistic concurrency: refuse an edit made from version ``expected`` when
    someone has saved another since. The item's row is locked first, so checking
    and saving are one step even with many app servers (callers are atomic)."""
    if expected is None:
        return
    current_id = (
        Item.objects.select_for_update().filter(pk=item.pk).values_list("current_id", flat=True)
    ).first()
    versions = ItemVersion.objects.filter(pk=current_id or 0)
    now = versions.values_list("number", flat=True).first() or 0
    if now != expected:
        raise StaleVersionError(
            _("Tin này vừa được người khác sửa (nay là phiên bản %(now)s, bạn sửa từ phiên bản "
              "%(yours)s). Hãy tải lại trang để xem thay đổi rồi sửa tiếp."),
            now=now, yours=expected,
        )  # fmt: skip


@transaction.atomic
def edit_item(
    actor: Any, item: Item, draft: Draft, *, expected_version: int | None = None
) -> Item:
    """Change a draft (or an item sent back): every save is a new version.
    ``expected_version``: the version the edit started from (see _require_version)."""
    _require(actor, Action.EDIT_CONTENT, item.unit)
    _require_version(item, expected_version)
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


def approvers_of(item: Item) -> list[Any]:
    """Who may approve the item: approvers on its unit or above, else of the unit
    guiding it (``permissions.approver_ids``)."""
    ids = permissions.approver_ids(item.unit)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _title(item: Item) -> str:
    return item.current.title if item.current else f"#{item.pk}"


@transaction.atomic
def submit_for_review(actor: Any, item: Item) -> Item:
    _require(actor, Action.EDIT_CONTENT, item.unit)
    authors = {item.author_id, getattr(actor, "pk", None)}
    reviewers = [u for u in approvers_of(item) if u.pk not in authors]
    _move(item, (S.DRAFT,), S.REVIEW)
    item.save()
    notify(
        reviewers,
        str(_("Tin chờ duyệt: %(title)s") % {"title": _title(item)}),
        str(_("%(unit)s gửi một tin bài cần duyệt.") % {"unit": item.unit.name}),
        reverse("item-detail", args=[item.pk]),
    )
    return item


@transaction.atomic
def send_back(actor: Any, item: Item, reason: str = "") -> Item:
    """The approver returns the item to its author, saying what to change; on a
    published item, discards its pending correction."""
    if item.status == S.PUBLISHED:
        return discard_correction(actor, item, reason)
    _require(actor, Action.APPROVE, item.unit)
    _move(item, (S.REVIEW, S.APPROVED), S.DRAFT)
    item.review_note = nfc(reason or "").strip()[:2000]
    item.save()
    if item.author is not None:
        notify(
            [item.author],
            str(_("Tin bị trả lại: %(title)s") % {"title": _title(item)}),
            item.review_note or str(_("Người duyệt trả lại tin để sửa.")),
            reverse("item-detail", args=[item.pk]),
        )
    return item


@transaction.atomic
def approve(actor: Any, item: Item, *, expected_version: int | None = None) -> Item:
    """Four eyes: an approver of the issuing unit who is not the author.

    Publishes at once, or at ``publish_at`` when that is later (see publish_due).
    On a published item, approves its pending correction. ``expected_version``: the
    version the approver read; 409 if another has been saved since (they approve only
    what they saw).
    """
    if item.status == S.PUBLISHED:
        return approve_correction(actor, item, expected_version=expected_version)
    permissions.require(actor, Action.APPROVE, item.unit)
    _require_version(item, expected_version)
    authors = set(item.versions.exclude(created_by=None).values_list("created_by", flat=True))
    if actor.pk == item.author_id or actor.pk in authors:
        raise PermissionDeniedError(_("Người duyệt phải khác người viết tin (nguyên tắc bốn mắt)."))
    _move(item, (S.REVIEW,), S.APPROVED)
    item.approved_by = actor
    item.review_note = ""
    item.save()
    if item.current is not None:
        item.current.approved_by, item.current.approved_at = actor, clock.now()
        item.current.save(update_fields=["approved_by", "approved_at"])
    if item.publish_at is None or item.publish_at <= clock.now():
        _publish(item)
    if item.author is not None:
        notify(
            [item.author],
            str(_("Tin đã được duyệt: %(title)s") % {"title": _title(item)}),
            str(_("Đã đăng.") if item.status == S.PUBLISHED else _("Sẽ đăng theo giờ đã hẹn.")),
            reverse("item-detail", args=[item.pk]),
        )
    return item


def _publish(item: Item) -> None:
    item.status = S.PUBLISHED
    item.published_version = item.current
    item.published_at = item.published_at or max(item.publish_at or clock.now(), clock.now())
    item.updated_at = clock.now()  # moves the portal's cache stamp
    item.save()
    index_item(item)


@transaction.atomic
def publish_due() -> int:
    """Publish approved items whose time has come; archive expired ones (periodic,
    every minute; until it runs, ``live()`` already hides an expired item)."""
    now = clock.now()
    due = list(Item.objects.filter(status=S.APPROVED, publish_at__lte=now))
    for item in due:
        _publish(item)
    for item in Item.objects.filter(status=S.PUBLISHED, expires_at__lte=now):
        item.status = S.ARCHIVED
        item.updated_at = now
        item.save(update_fields=["status", "updated_at"])
        unindex_item(item)
    return len(due)


def _meta_of(draft: Draft) -> dict[str, Any]:
    return {
        "kind": draft.kind,
        "audience": draft.audience,
        "language": draft.language,
        "topics": list(draft.topics),
        "featured": draft.featured,
        "publish_at": draft.publish_at,
        "expires_at": draft.expires_at,
    }


def draft_of(item: Item) -> Draft:
    """What an edit of ``item`` starts from: its current version, with a pending
    correction's own kind, audience, topics and dates when there is one."""
    version = item.current
    meta = version.meta if version is not None and item.pending_version is not None else {}
    if not meta:
        meta = _meta_of(Draft(title="", kind=item.kind, audience=item.audience,
                              language=item.language, featured=item.featured,
                              topics=[t.slug for t in item.topics.all()],
                              publish_at=item.publish_at, expires_at=item.expires_at))  # fmt: skip
    return Draft(
        title=version.title if version else "",
        summary=version.summary if version else "",
        body=version.body if version else "",
        kind=meta["kind"],
        audience=meta["audience"],
        language=meta["language"],
        topics=list(meta["topics"]),
        featured=bool(meta["featured"]),
        publish_at=_when(meta["publish_at"]),
        expires_at=_when(meta["expires_at"]),
    )


def _when(value: Any) -> dt.datetime | None:
    return parse_datetime(value) if isinstance(value, str) else value


def pending_authors(item: Item) -> set[int]:
    """Who wrote the versions awaiting approval since the published one."""
    published = item.published_version.number if item.published_version else 0
    return set(
        item.versions.filter(number__gt=published, discarded_at=None)
        .exclude(created_by=None)
        .values_list("created_by", flat=True)
    )


def reviewers_of_correction(item: Item) -> list[Any]:
    """The approvers who may approve the item's pending correction (not its authors)."""
    authors = pending_authors(item)
    return [u for u in approvers_of(item) if u.pk not in authors]


@transaction.atomic
def correct(
    actor: Any, item: Item, draft: Draft, note: str, *, expected_version: int | None = None
) -> Item:
    """A published item changes only by a new version that says what changed, and
    only once a second person approves it (``approve_correction``): until then
    readers keep the published version. The approvers are told at once."""
    _require(actor, Action.EDIT_CONTENT, item.unit)
    _require_version(item, expected_version)
    if item.status != S.PUBLISHED:
        raise ConflictError(_("Chỉ đính chính được tin đã đăng."))
    if not (note or "").strip():
        raise ItemError(_("Hãy ghi nội dung đính chính (đã sửa gì)."))
    draft = _check(draft)
    version = _new_version(item, actor, draft, note)
    version.meta = _meta_of(draft)
    version.save(update_fields=["meta"])
    item.updated_at = clock.now()
    item.save(update_fields=["current", "updated_at"])
    notify(
        reviewers_of_correction(item),
        str(_("Đính chính chờ duyệt: %(title)s") % {"title": _title(item)}),
        version.correction_note,
        reverse("item-detail", args=[item.pk]),
    )
    return item


@transaction.atomic
def approve_correction(
    actor: Any, item: Item, *, expected_version: int | None = None
) -> Item:
    """Four eyes on a correction: an approver of the issuing unit who wrote none of
    it. The correction then replaces what readers see, with its note on the page,
    and files added since publication go public with it."""
    permissions.require(actor, Action.APPROVE, item.unit)
    locked = Item.objects.select_for_update().get(pk=item.pk)
    version = locked.pending_version
    if version is None:
        raise ConflictError(_("Tin này không có đính chính nào chờ duyệt."))
    _require_version(locked, expected_version)
    if actor.pk in pending_authors(locked):
        raise PermissionDeniedError(_("Người duyệt phải khác người viết tin (nguyên tắc bốn mắt)."))
    now = clock.now()
    version.approved_by, version.approved_at = actor, now
    version.save(update_fields=["approved_by", "approved_at"])
    draft = draft_of(locked)
    _apply_meta(locked, draft)
    _set_topics(locked, draft.topics)
    locked.published_version = version
    locked.approved_by = actor
    locked.review_note = ""
    locked.updated_at = now  # moves the portal's cache stamp
    locked.save()
    index_item(locked)
    _approve_pending_files(actor, locked)
    authors = get_user_model().objects.filter(pk__in=_authors_of(version))
    notify(
        list(authors),
        str(_("Đính chính đã được duyệt: %(title)s") % {"title": version.title}),
        str(_("Bản đính chính đã thay bản đang đăng.")),
        reverse("item-detail", args=[item.pk]),
    )
    item.refresh_from_db()
    return item


def _authors_of(version: ItemVersion) -> set[int]:
    return {version.created_by_id} if version.created_by_id else set()


@transaction.atomic
def discard_correction(actor: Any, item: Item, reason: str = "") -> Item:
    """Send a pending correction back: it stays in the history, marked discarded,
    and the item's current version is the published one again (readers unaffected)."""
    permissions.require(actor, Action.APPROVE, item.unit)
    locked = Item.objects.select_for_update().get(pk=item.pk)
    version = locked.pending_version
    if version is None or locked.published_version is None:
        raise ConflictError(_("Tin này không có đính chính nào chờ duyệt."))
    authors = pending_authors(locked)
    _drop_pending(locked)
    locked.review_note = nfc(reason or "").strip()[:2000]
    locked.updated_at = clock.now()
    locked.save(update_fields=["current", "review_note", "updated_at"])
    notify(
        list(get_user_model().objects.filter(pk__in=authors)),
        str(_("Đính chính bị trả lại: %(title)s") % {"title": version.title}),
        locked.review_note or str(_("Người duyệt trả lại bản đính chính.")),
        reverse("item-detail", args=[item.pk]),
    )
    item.refresh_from_db()
    return item


def _drop_pending(item: Item) -> None:
    """Mark the versions written since the published one discarded and make the
    published one current again (the caller saves ``item``)."""
    if item.published_version is None or item.current_id == item.published_version_id:
        return
    item.versions.filter(number__gt=item.published_version.number, discarded_at=None).update(
        discarded_at=clock.now()
    )
    item.current = item.published_version


def files_pending_on(item: Item) -> bool:
    """Whether a file added to ``item`` now waits for an approver: once an item is
    approved, what readers will see changes only with a second person's approval."""
    return item.status not in (S.DRAFT, S.REVIEW)


def _approve_pending_files(actor: Any, item: Item) -> int:
    """Make public the item's pending images and attachments that ``actor`` did not
    add (four eyes: their own stay pending for another approver)."""
    from tincoso.publishing.models import ItemAttachment, ItemImage

    count = 0
    for model in (ItemImage, ItemAttachment):
        for record in model.objects.filter(item=item, pending=True).exclude(added_by=actor):
            record.pending = False
            record.save(update_fields=["pending"])  # post_save moves the portal's stamp
            count += 1
    return count


@transaction.atomic
def approve_files(actor: Any, item: Item) -> int:
    """An approver makes the images and attachments added since approval public
    without waiting for a correction; not those they added themselves."""
    permissions.require(actor, Action.APPROVE, item.unit)
    count = _approve_pending_files(actor, item)
    if not count:
        raise ConflictError(
            _("Không có ảnh hay tệp nào chờ duyệt mà bạn duyệt được (người duyệt phải khác "
              "người thêm tệp).")
        )  # fmt: skip
    return count


def notify_file_pending(actor: Any, item: Item, name: str) -> None:
    notify(
        [u for u in approvers_of(item) if u.pk != getattr(actor, "pk", None)],
        str(_("Tệp chờ duyệt: %(title)s") % {"title": _title(item)}),
        name,
        reverse("item-detail", args=[item.pk]),
    )


@transaction.atomic
def withdraw(actor: Any, item: Item) -> Item:
    permissions.require(actor, Action.APPROVE, item.unit)
    _move(item, (S.PUBLISHED, S.APPROVED), S.WITHDRAWN)
    _drop_pending(item)  # a correction nobody approved dies with the item's publication
    item.save()
    unindex_item(item)
    return item


@transaction.atomic
def archive(actor: Any, item: Item) -> Item:
    _require(actor, Action.EDIT_CONTENT, item.unit)
    _move(item, (S.PUBLISHED, S.WITHDRAWN, S.DRAFT), S.ARCHIVED)
    _drop_pending(item)
    item.save()
    unindex_item(item)
    return item


def diff(old: ItemVersion, new: ItemVersion) -> str:
    a = f"{old.title}\n\n{old.summary}\n\n{old.body}".splitlines()
    b = f"{new.title}\n\n{new.summary}\n\n{new.body}".splitlines()
    return "\n".join(difflib.unified_diff(a, b, f"v{old.number}", f"v{new.number}", lineterm=""))
