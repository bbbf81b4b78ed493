"""Editing the shared topic taxonomy: add, rename, retire a topic, edit its phrase rules.

Only the province's propaganda board edits it (the taxonomy is shared by every unit,
so one body keeps it coherent): an editor (``EDIT_CONTENT``) or leader (``APPROVE``) of a board
that guides units for figures (``opinion.emerging.boards``), outside every other
board's reach and at the shallowest depth of those (``province_boards``). A topic is retired, never
deleted: the notes and tags that used it keep it, and it is no longer suggested or
offered. Its slug stays as made, so counts in past reports keep their key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.text import clean_line, fold
from tincoso.opinion.emerging import boards
from tincoso.opinion.models import Topic
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

MAX_NAME = 120
MAX_PHRASE = 80
MAX_PHRASES = 200


class TaxonomyError(DomainError):
    code = "invalid_topic"


@dataclass
class TopicData:
    name: str
    keywords: str
    active: bool = True


def province_boards() -> list[Unit]:
    """The boards no other board guides or holds, the shallowest of them (normally the
    province's one; a commune's board inside its reach is not one)."""
    found = boards()
    reach = {b.pk: permissions.reach_paths(b, "figures") for b in found}
    free = [b for b in found if not any(
        b.path.startswith(p) for o in found if o.pk != b.pk for p in reach[o.pk])]
    top = min((b.depth for b in free), default=0)
    return [b for b in free if b.depth == top]


def can_edit(user: Any) -> bool:
    return any(permissions.can(user, action, b) for b in province_boards()
               for action in (Action.EDIT_CONTENT, Action.APPROVE))


def require_editor(user: Any) -> None:
    """``None`` is the system (a migration, a seed), as elsewhere in the services."""
    if user is not None and not can_edit(user):
        raise PermissionDeniedError(
            _("Chỉ Ban Tuyên giáo cấp tỉnh mới sửa danh mục chủ đề dư luận."))


def _phrases(raw: str) -> str:
    """One phrase a line, tidied; a leading ``*`` (triple weight) kept."""
    lines = []
    for line in (raw or "").splitlines():
        strong = line.strip().startswith("*")
        phrase = clean_line(line.strip().lstrip("*"))
        if not phrase:
            continue
        if len(phrase) > MAX_PHRASE:
            raise TaxonomyError(_("Cụm từ “%(phrase)s…” dài quá %(n)s ký tự."),
                                phrase=phrase[:30], n=MAX_PHRASE)
        if not any(c.isalnum() for c in phrase):
            raise TaxonomyError(_("Cụm từ “%(phrase)s” không có chữ."), phrase=phrase)
        lines.append(("*" if strong else "") + phrase)
    if len(lines) > MAX_PHRASES:
        raise TaxonomyError(_("Mỗi chủ đề có tối đa %(n)s cụm từ."), n=MAX_PHRASES)
    return "\n".join(dict.fromkeys(lines))


def _checked(data: TopicData, topic: Topic | None) -> tuple[str, str]:
    name = clean_line(data.name or "")
    if not name or len(name) > MAX_NAME:
        raise TaxonomyError(_("Tên chủ đề phải có từ 1 đến %(n)s ký tự."), n=MAX_NAME)
    others = Topic.objects.all() if topic is None else Topic.objects.exclude(pk=topic.pk)
    if any(fold(name) == fold(other) for other in others.values_list("name", flat=True)):
        raise TaxonomyError(_("Đã có chủ đề “%(name)s”."), name=name)
    return name, _phrases(data.keywords)


def _new_slug(name: str) -> str:
    base = slugify(fold(name))[:40] or "chu-de"
    slug, n = base, 2
    while Topic.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def add_topic(actor: Any, data: TopicData) -> Topic:
    require_editor(actor)
    name, keywords = _checked(data, None)
    last = Topic.objects.aggregate(m=Max("position"))["m"] or 0
    return Topic.objects.create(slug=_new_slug(name), name=name, keywords=keywords,
                                active=data.active, position=last + 1)


@transaction.atomic
def update_topic(actor: Any, topic: Topic, data: TopicData) -> Topic:
    """Rename, edit the phrases, retire (``active=False``) or bring back a topic."""
    require_editor(actor)
    topic.name, topic.keywords = _checked(data, topic)
    topic.active = data.active
    topic.save(update_fields=["name", "keywords", "active"])
    return topic
