"""Opinion notes and topic tags: the rules, as plain functions.

Who may do what (beside ``units.permissions``):
- file a note for a unit: a collaborator named on that unit or on a unit above it;
- read notes (their text): collaborators of the note's unit or a unit above it, and
  people with ``VIEW`` on the unit (its own line); never the units that only guide
  it, which see aggregates (``opinion.trends``) through ``VIEW_FIGURES``;
- edit a note: the collaborator who filed it, while still a collaborator there;
- name collaborators: whoever may ``MANAGE_MEMBERS`` on the unit;
- confirm a feedback item's topic: whoever handles that feedback.
No function here takes an author to filter by, and no page offers it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.text import nfc
from tincoso.feedback.models import Feedback
from tincoso.feedback.services import require_handle
from tincoso.opinion.models import Collaborator, FeedbackTopic, Mood, Note, Reach, Topic
from tincoso.opinion.privacy import refuse_personal_data
from tincoso.opinion.tagging import suggest, taxonomy_rules
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

MAX_TEXT = 3000


class NoteError(DomainError):
    code = "invalid_note"


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week: notes and trends count by week."""
    return day - dt.timedelta(days=day.weekday())


def within(paths: list[str], field_name: str) -> Q:
    """Rows whose ``field_name`` unit (``""``: the Unit itself) lies in a subtree ``paths``."""
    if not paths:
        return Q(pk__in=[])
    lookup = f"{field_name}__path__startswith" if field_name else "path__startswith"
    return reduce(or_, (Q(**{lookup: p}) for p in paths))


def collaborator_paths(user: Any) -> list[str]:
    if not (user is not None and user.is_authenticated and user.is_active):
        return []
    return list(Collaborator.objects.filter(user=user, unit__active=True)
                .values_list("unit__path", flat=True))


def can_file(user: Any, unit: Unit) -> bool:
    if user is not None and user.is_superuser:
        return True
    return any(unit.path.startswith(p) for p in collaborator_paths(user))


def notes_visible_to(user: Any) -> QuerySet[Note]:
    """Notes whose text ``user`` may read: own line or own collaborator units only."""
    view = permissions.root_paths(user, Action.VIEW)
    if view is None:
        return Note.objects.all()
    paths = [*view, *collaborator_paths(user)]
    if not paths:
        return Note.objects.none()
    return Note.objects.filter(within(paths, "unit"))


def can_read(user: Any, note: Note) -> bool:
    return notes_visible_to(user).filter(pk=note.pk).exists()


@dataclass
class NoteData:
    topic: Topic
    summary: str
    reach: str
    mood: str
    suggestions: str = ""
    week: dt.date | None = None


def _clean(data: NoteData) -> dict[str, Any]:
    summary = nfc(data.summary or "").strip()
    suggestions = nfc(data.suggestions or "").strip()
    if not summary:
        raise NoteError(_("Hãy tóm tắt người dân nói gì."))
    if len(summary) > MAX_TEXT or len(suggestions) > MAX_TEXT:
        raise NoteError(_("Phiếu chỉ ghi ngắn gọn: tối đa %(n)s ký tự mỗi mục."), n=MAX_TEXT)
    if data.reach not in Reach.values or data.mood not in Mood.values:
        raise NoteError(_("Hãy chọn mức độ và tâm trạng."))
    if not data.topic.active:
        raise NoteError(_("Chủ đề “%(topic)s” không còn dùng."), topic=data.topic.name)
    refuse_personal_data(_("Người dân nói gì"), summary)
    refuse_personal_data(_("Kiến nghị, đề xuất"), suggestions)
    week = week_of(data.week or clock.today())
    if week > clock.today():
        raise NoteError(_("Không ghi phiếu cho tuần chưa đến."))
    return {"topic": data.topic, "summary": summary, "suggestions": suggestions,
            "reach": data.reach, "mood": data.mood, "week": week}


@transaction.atomic
def file_note(actor: Any, unit: Unit, data: NoteData) -> Note:
    if actor is not None and not can_file(actor, unit):
        raise PermissionDeniedError(
            _("Chỉ cộng tác viên dư luận của “%(unit)s” mới ghi phiếu cho đơn vị này."),
            unit=unit.name)
    return Note.objects.create(unit=unit, filed_by=actor, filed_at=clock.now(), **_clean(data))


@transaction.atomic
def edit_note(actor: Any, note: Note, data: NoteData) -> Note:
    if note.filed_by_id != actor.pk or not can_file(actor, note.unit):
        raise PermissionDeniedError(_("Chỉ người ghi phiếu mới sửa được phiếu này."))
    for name, value in _clean(data).items():
        setattr(note, name, value)
    note.save()
    return note


@transaction.atomic
def name_collaborator(actor: Any, unit: Unit, user: Any) -> Collaborator:
    permissions.require_unless_system(actor, Action.MANAGE_MEMBERS, unit)
    found, _made = Collaborator.objects.get_or_create(unit=unit, user=user)
    return found


@transaction.atomic
def remove_collaborator(actor: Any, collaborator: Collaborator) -> None:
    permissions.require_unless_system(actor, Action.MANAGE_MEMBERS, collaborator.unit)
    collaborator.delete()


def suggestion_for(text: str) -> tuple[Topic | None, list[str]]:
    """The suggested topic of ``text`` and the words of it that suggested the topic."""
    ranked = suggest(text, taxonomy_rules())
    if not ranked:
        return None, []
    return Topic.objects.get(slug=ranked[0].slug), ranked[0].because


@transaction.atomic
def confirm_topic(actor: Any, feedback: Feedback, topic: Topic) -> FeedbackTopic:
    """A person who handles the feedback confirms (or corrects) its topic."""
    require_handle(actor, feedback.unit)
    suggested, because = suggestion_for(feedback.text)
    tag, _made = FeedbackTopic.objects.update_or_create(feedback=feedback, defaults={
        "topic": topic, "because": because if suggested == topic else [],
        "confirmed_by": actor, "confirmed_at": clock.now()})
    return tag
