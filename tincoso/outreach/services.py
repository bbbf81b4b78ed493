"""The outreach rules: the reporter register, talking points, and logged activities.

save_reporter      add or change a reporter in a unit's register
add_material       attach a document (and notes, a file) as talking points for a campaign
materials_for      the talking points a person sees: their units' and those of units above
log_activity       record one activity; update_activity / delete_activity change it
add_activity_file  a photo (re-encoded, metadata stripped) or an attachment
The spreadsheet import lives in ``importer``, the calendar and iCalendar feed in ``calendar``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import DomainError
from tincoso.core.images import sanitize_image
from tincoso.core.text import clean_line, fold, nfc
from tincoso.documents.models import Document
from tincoso.outreach.models import Activity, ActivityFile, Form, Level, Material, Reporter
from tincoso.publishing.models import Item
from tincoso.units import permissions
from tincoso.units.models import Membership, Unit
from tincoso.units.permissions import Action

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_MINUTES_CHARS = 20_000
MAX_AUDIENCE = 1_000_000
ATTACHMENT_EXTENSIONS = {".pdf", ".docx", ".doc", ".xlsx", ".odt", ".txt", ".mp3", ".m4a"}
# The ethnic languages most spoken in the northern mountain provinces, offered as suggestions.
COMMON_LANGUAGES = ["Tiếng Việt", "Tiếng Thái", "Tiếng Mông", "Tiếng Dao", "Tiếng Hà Nhì",
                    "Tiếng Giáy", "Tiếng Khơ Mú", "Tiếng Lự", "Tiếng La Hủ", "Tiếng Tày",
                    "Tiếng Nùng", "Tiếng Mường"]


_FORMS = frozenset(Form.values)


class OutreachError(DomainError):
    code = "invalid_outreach"


_require = permissions.require_unless_system


def _list(values: Iterable[str] | str) -> list[str]:
    if isinstance(values, str):
        values = re.split(r"[;,\n]", values)
    seen: list[str] = []
    for value in values:
        text = clean_line(str(value))[:100]
        if text and text not in seen:
            seen.append(text)
    return seen[:30]


# --- reporters ----------------------------------------------------------------------


@dataclass
class ReporterData:
    full_name: str
    title: str = ""
    kind: str = "reporter"
    level: str = Level.COMMUNE
    topics: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    contact: str = ""
    active_from: dt.date | None = None
    active_until: dt.date | None = None
    user: Any = None


def user_by_username(username: str) -> Any:
    """The account a register entry is linked to; OutreachError when there is none."""
    from django.contrib.auth import get_user_model

    name = clean_line(username)
    if not name:
        return None
    user = get_user_model().objects.filter(username=name, is_active=True).first()
    if user is None:
        raise OutreachError(_("Không có tài khoản “%(name)s”."), name=name[:150])
    return user


@transaction.atomic
def save_reporter(actor: Any, unit: Unit, data: ReporterData,
                  reporter: Reporter | None = None) -> Reporter:
    """Add a reporter to ``unit``'s register, or change one (who may then move units)."""
    _require(actor, Action.EDIT_CONTENT, unit)
    if reporter is not None:
        _require(actor, Action.EDIT_CONTENT, reporter.unit)
    name = clean_line(data.full_name)
    if not name:
        raise OutreachError(_("Hãy nhập họ và tên báo cáo viên."))
    if data.level not in Level.values:
        raise OutreachError(_("Cấp không hợp lệ: %(value)s."), value=data.level)
    if data.active_from and data.active_until and data.active_until < data.active_from:
        raise OutreachError(_("Ngày kết thúc hoạt động phải sau ngày bắt đầu."))
    if data.user is not None and not Membership.objects.filter(
            user=data.user, unit__path__in=unit.paths_above()).exists() and not \
            Membership.objects.filter(user=data.user, unit__path__startswith=unit.path).exists():
        raise OutreachError(_("Tài khoản được liên kết phải thuộc đơn vị này hoặc cấp trên."))
    reporter = reporter or Reporter()
    reporter.unit = unit
    reporter.kind = data.kind if data.kind in ("reporter", "propagandist") else "reporter"
    reporter.full_name = name[:150]
    reporter.title = clean_line(data.title)[:255]
    reporter.level = data.level
    reporter.topics = _list(data.topics)
    reporter.languages = _list(data.languages)
    reporter.contact = clean_line(data.contact)[:255]
    reporter.active_from = data.active_from
    reporter.active_until = data.active_until
    reporter.user = data.user
    reporter.search_text = fold(" ".join([reporter.full_name, reporter.title,
                                          *reporter.topics, *reporter.languages]))
    reporter.save()
    return reporter


def reporters_visible_to(user: Any) -> QuerySet[Reporter]:
    return permissions.restrict(Reporter.objects.all(), user, Action.VIEW)


def reporters_available_to(unit: Unit) -> QuerySet[Reporter]:
    """Reporters who may speak at ``unit``: its own, its subtree's, and those of units above."""
    return Reporter.objects.filter(
        Q(unit__path__in=unit.paths_above()) | Q(unit__path__startswith=unit.path))


# --- talking points -----------------------------------------------------------------


@transaction.atomic
def add_material(actor: Any, unit: Unit, *, campaign: str, title: str, notes: str = "",
                 document: Document | None = None, item: Item | None = None,
                 file_name: str = "",
                 file_data: bytes | None = None,
                 valid_until: dt.date | None = None) -> Material:
    """Attach talking points for ``unit``'s subtree: a document, an item, notes, or a file."""
    _require(actor, Action.EDIT_CONTENT, unit)
    if document is not None and actor is not None:
        from tincoso.documents.services import can_view_document

        if not can_view_document(actor, document):
            raise OutreachError(_("Bạn không có quyền xem văn bản này."))
    if item is not None and actor is not None:
        _check_items(actor, [item])
    title = clean_line(title)
    campaign = clean_line(campaign)
    if not title or not campaign:
        raise OutreachError(_("Hãy nhập tên đợt tuyên truyền và tiêu đề tài liệu."))
    if document is None and item is None and not notes.strip() and not file_data:
        raise OutreachError(_("Tài liệu cần có văn bản, tin bài, nội dung hoặc tệp đính kèm."))
    material = Material(unit=unit, campaign=campaign[:255], title=title[:255],
                        notes=nfc(notes).strip()[:MAX_MINUTES_CHARS], document=document,
                        item=item,
                        valid_until=valid_until, created_by=actor, created_at=clock.now())
    if file_data:
        name = _check_attachment(file_name, file_data)
        material.file_name = name
        material.file.save(_stored_name(name, file_data), ContentFile(file_data), save=False)
    material.save()
    return material


def materials_for(user: Any) -> QuerySet[Material]:
    """Talking points a person sees: for the units they belong to and every unit above,
    and for any unit in the subtrees they may view."""
    if not getattr(user, "is_authenticated", False):
        return Material.objects.none()
    paths: set[str] = set()
    unit_ids = set(Membership.objects.filter(user=user, unit__active=True)
                   .values_list("unit_id", flat=True))
    unit_ids |= set(Reporter.objects.filter(user=user).values_list("unit_id", flat=True))
    for unit in Unit.objects.filter(pk__in=unit_ids):
        paths.update(unit.paths_above())
    visible = permissions.restrict(Material.objects.all(), user, Action.VIEW)
    return Material.objects.filter(Q(unit__path__in=paths) | Q(pk__in=visible.values("pk")))


# --- activities ---------------------------------------------------------------------


@dataclass
class ActivityData:
    unit: Unit
    form: str
    topic: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    place: str = ""
    reporters: Sequence[Reporter] = ()
    documents: Sequence[Document] = ()
    items: Sequence[Item] = ()
    audience_total: int | None = None
    audience_members: int = 0
    audience_civil_servants: int = 0
    audience_citizens: int = 0
    audience_ethnic_minority: int = 0
    minutes: str = ""


def check_activity(data: ActivityData) -> list[tuple[str, str]]:
    """(field, message) for every rule the activity breaks; empty when it is valid."""
    errors: list[tuple[str, str]] = []
    if data.form not in _FORMS:
        errors.append(("form", str(_("Hình thức không hợp lệ: %(value)s.") % {"value": data.form})))
    if not clean_line(data.topic):
        errors.append(("topic", str(_("Hãy nhập chủ đề."))))
    elif len(clean_line(data.topic)) > 500:
        errors.append(("topic", str(_("Chủ đề quá dài (tối đa 500 ký tự)."))))
    if len(clean_line(data.place)) > 255:
        errors.append(("place", str(_("Địa điểm quá dài (tối đa 255 ký tự)."))))
    if len(data.minutes) > MAX_MINUTES_CHARS:
        errors.append(("minutes", str(_("Biên bản quá dài (tối đa 20.000 ký tự)."))))
    now = clock.now()
    if data.starts_at.year < 2000 or data.starts_at > now + dt.timedelta(days=366):
        errors.append(("starts_at", str(_("Ngày tổ chức không hợp lý."))))
    if data.ends_at is not None and data.ends_at < data.starts_at:
        errors.append(("ends_at", str(_("Giờ kết thúc phải sau giờ bắt đầu."))))
    parts = {
        "audience_members": data.audience_members,
        "audience_civil_servants": data.audience_civil_servants,
        "audience_citizens": data.audience_citizens,
        "audience_ethnic_minority": data.audience_ethnic_minority,
    }
    total = data.audience_total
    for name, value in [*parts.items(), ("audience_total", total or 0)]:
        if value < 0 or value > MAX_AUDIENCE:
            errors.append((name, str(_("Số người không hợp lệ."))))
    groups = data.audience_members + data.audience_civil_servants + data.audience_citizens
    if total is not None and groups > total:
        errors.append(("audience_total", str(
            _("Tổng số người dự (%(total)s) nhỏ hơn tổng đảng viên, cán bộ và nhân dân "
              "(%(sum)s).") % {"total": total, "sum": groups})))
    if data.audience_ethnic_minority > max(total if total is not None else groups, groups):
        errors.append(("audience_ethnic_minority", str(
            _("Số đồng bào dân tộc thiểu số không được lớn hơn tổng số người dự."))))
    return errors


def _fill(activity: Activity, data: ActivityData) -> None:
    groups = data.audience_members + data.audience_civil_servants + data.audience_citizens
    activity.unit = data.unit
    activity.form = data.form
    activity.topic = clean_line(data.topic)
    activity.starts_at = data.starts_at
    activity.ends_at = data.ends_at
    activity.place = clean_line(data.place)
    activity.audience_total = data.audience_total if data.audience_total is not None else groups
    activity.audience_members = data.audience_members
    activity.audience_civil_servants = data.audience_civil_servants
    activity.audience_citizens = data.audience_citizens
    activity.audience_ethnic_minority = data.audience_ethnic_minority
    activity.minutes = nfc(data.minutes).strip()


def _check_links(actor: Any, data: ActivityData) -> None:
    allowed = set(reporters_available_to(data.unit).values_list("pk", flat=True))
    for reporter in data.reporters:
        if reporter.pk not in allowed:
            raise OutreachError(_("Báo cáo viên “%(name)s” không thuộc đơn vị này hoặc cấp trên."),
                                name=reporter.full_name)
    if actor is not None and data.documents:
        from tincoso.documents.services import documents_visible_to

        visible = set(documents_visible_to(actor).filter(
            pk__in=[d.pk for d in data.documents]).values_list("pk", flat=True))
        for doc in data.documents:
            if doc.pk not in visible:
                raise OutreachError(_("Bạn không có quyền xem văn bản này."))
    if actor is not None and data.items:
        _check_items(actor, data.items)


def _check_items(actor: Any, items: Sequence[Item]) -> None:
    """Only published items the person may read can be carried out or used as material."""
    from tincoso.publishing.services import items_visible_to

    readable = set(items_visible_to(actor).filter(pk__in=[i.pk for i in items])
                   .values_list("pk", flat=True))
    for item in items:
        if item.pk not in readable:
            raise OutreachError(_("Tin bài #%(id)s chưa được đăng hoặc bạn không được xem."),
                                id=item.pk)


def _raise_first(errors: list[tuple[str, str]]) -> None:
    if errors:
        raise OutreachError("; ".join(message for _field, message in errors))


@transaction.atomic
def log_activity(actor: Any, data: ActivityData) -> Activity:
    _require(actor, Action.LOG_ACTIVITY, data.unit)
    _raise_first(check_activity(data))
    _check_links(actor, data)
    activity = Activity(created_by=actor, created_at=clock.now(), updated_at=clock.now())
    _fill(activity, data)
    activity.save()
    activity.reporters.set(data.reporters)
    activity.documents.set(data.documents)
    activity.items.set(data.items)
    return activity


@transaction.atomic
def update_activity(actor: Any, activity: Activity, data: ActivityData) -> Activity:
    _require(actor, Action.LOG_ACTIVITY, activity.unit)
    _require(actor, Action.LOG_ACTIVITY, data.unit)
    _raise_first(check_activity(data))
    _check_links(actor, data)
    _fill(activity, data)
    activity.updated_at = clock.now()
    activity.save()
    activity.reporters.set(data.reporters)
    activity.documents.set(data.documents)
    activity.items.set(data.items)
    return activity


@transaction.atomic
def delete_activity(actor: Any, activity: Activity) -> None:
    _require(actor, Action.LOG_ACTIVITY, activity.unit)
    for item in activity.files.all():
        item.file.delete(save=False)
    activity.delete()


def _check_attachment(name: str, data: bytes) -> str:
    name = clean_line(name)[:255] or "tep"
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise OutreachError(_("Tệp quá lớn (tối đa %(mb)s MB)."),
                            mb=MAX_ATTACHMENT_BYTES // (1024 * 1024))
    if not data:
        raise OutreachError(_("Tệp rỗng."))
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in ATTACHMENT_EXTENSIONS:
        raise OutreachError(_("Loại tệp không được nhận: %(name)s."), name=name)
    return name


def _stored_name(name: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:16]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(name)).strip("-.")[-60:] or "file"
    return f"{digest}-{safe}"


@transaction.atomic
def add_activity_file(actor: Any, activity: Activity, name: str, data: bytes,
                      kind: str = ActivityFile.Kind.ATTACHMENT) -> ActivityFile:
    """Attach a file; a photo is re-encoded so no metadata (GPS, camera) is kept."""
    _require(actor, Action.LOG_ACTIVITY, activity.unit)
    if kind == ActivityFile.Kind.PHOTO:
        data = sanitize_image(data)
        base = clean_line(name).rsplit(".", 1)[0][:200] or "anh"
        name = f"{base}.jpg"
    else:
        name = _check_attachment(name, data)
    item = ActivityFile(activity=activity, kind=kind, name=name, size=len(data),
                        uploaded_at=clock.now())
    item.file.save(_stored_name(name, data), ContentFile(data), save=False)
    item.save()
    return item


def activities_visible_to(user: Any) -> QuerySet[Activity]:
    return permissions.restrict(Activity.objects.all(), user, Action.VIEW)
