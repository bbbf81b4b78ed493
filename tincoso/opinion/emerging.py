"""The periodic job: tell a propaganda board once when a topic emerges in what it guides.

Every unit that guides others for figures (a ``units.Guidance`` link, e.g. the
provincial Ban Tuyên giáo over the communes) is a board here: its scope is its own
subtree and the subtrees it guides (``permissions.reach_paths``). When a topic is
emerging there this week (``opinion.trends``), the board's editors, approvers and
administrators are notified (``core.notifications``) once: the notice row, unique by
topic, week and board, is the claim, so several schedulers running the job at once
still send one notice.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from tincoso.core import clock
from tincoso.core.notifications import notify
from tincoso.opinion.models import EmergingNotice, Topic
from tincoso.opinion.services import week_of
from tincoso.opinion.trends import WEEK, Rule, emerging, signals
from tincoso.units.models import Guidance, Role, Unit
from tincoso.units.permissions import reach_paths

BOARD_ROLES = (Role.EDITOR, Role.APPROVER, Role.ADMIN)


def boards() -> list[Unit]:
    ids = Guidance.objects.filter(figures=True, guide__active=True).values("guide_id")
    return list(Unit.objects.filter(pk__in=ids).order_by("path"))


def check_emerging(today: dt.date | None = None) -> int:
    """Send the notices due this week; returns how many were sent."""
    week = week_of(today or clock.today())
    rule = Rule.from_settings()
    sent = 0
    for board in boards():
        found, _moods = signals(reach_paths(board, "figures"), week - WEEK, week)
        for topic_id, unit_ids in emerging(found, week, rule).items():
            codes = list(Unit.objects.filter(pk__in=unit_ids).order_by("path")
                         .values_list("code", flat=True))
            try:
                with transaction.atomic():
                    EmergingNotice.objects.create(topic_id=topic_id, week=week, board=board,
                                                  units=codes, sent_at=clock.now())
                    _send(board, Topic.objects.get(pk=topic_id), week, codes)
            except IntegrityError:
                continue  # already sent (or another scheduler claimed it)
            sent += 1
    return sent


def _send(board: Unit, topic: Topic, week: dt.date, codes: list[str]) -> None:
    people = get_user_model().objects.filter(
        memberships__unit=board, memberships__role__in=BOARD_ROLES, is_active=True).distinct()
    names = ", ".join(Unit.objects.filter(code__in=codes).order_by("path")
                      .values_list("name", flat=True))
    url = reverse("opinion-dashboard") + f"?unit={board.code}&guided=1"
    with override("vi"):
        subject = _("Chủ đề dư luận nổi lên: %(topic)s") % {"topic": topic.name}
        body = _("Tuần từ %(week)s, chủ đề “%(topic)s” tăng mạnh ở %(n)s đơn vị: %(units)s.") % {
            "week": f"{week:%d/%m/%Y}", "topic": topic.name, "n": len(codes), "units": names}
    notify(people, subject, body, url)
