"""False claims answered fast: one click from a note or an emerging topic opens a
correction draft in the register (``feedback.corrections``) and a bulletin draft for
the portal and the loudspeakers (``publishing``; once approved, the item's page
offers "Phát trên loa"), both for the unit of the person answering.

The delay measured is from the first report of the topic (the earliest note or
tagged feedback of that topic in the unit's reach within ``LOOKBACK`` before the
click, or the note clicked from if earlier) to the correction's first publication.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from tincoso.core import clock
from tincoso.core.errors import PermissionDeniedError
from tincoso.feedback import corrections
from tincoso.feedback.models import Feedback, Rating
from tincoso.opinion.models import Note, Response, Topic
from tincoso.opinion.services import can_read, within
from tincoso.publishing import services as publishing
from tincoso.publishing.models import Item
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

LOOKBACK = dt.timedelta(days=14)


def issuing_unit(user: Any, unit: Unit) -> Unit | None:
    """The unit on which ``user`` holds the right to write content that covers ``unit``
    (the nearest such grant above it): a note filed for a village is answered by the
    commune or ward whose editor clicked, in that unit's name."""
    roots = permissions.root_paths(user, Action.EDIT_CONTENT)
    if roots is None:
        return unit
    covering = [p for p in roots if unit.path.startswith(p)]
    return Unit.objects.get(path=max(covering, key=len)) if covering else None


def first_report(unit: Unit, topic: Topic, note: Note | None = None) -> dt.datetime:
    now = clock.now()
    paths = permissions.reach_paths(unit, "figures")
    since = now - LOOKBACK
    moments = [now] + ([note.filed_at] if note is not None else [])
    moments.append(Note.objects.filter(within(paths, "unit"), topic=topic,
                                       filed_at__gte=since).aggregate(m=Min("filed_at"))["m"])
    moments.append(Feedback.objects.filter(within(paths, "place"), opinion_topic__topic=topic,
                                           submitted_at__gte=since)
                   .aggregate(m=Min("submitted_at"))["m"])
    return min(m for m in moments if m is not None)


@transaction.atomic
def open_response(actor: Any, unit: Unit, topic: Topic, note: Note | None = None) -> Response:
    """The drafts to answer a false claim about ``topic``, issued by ``unit``."""
    permissions.require(actor, Action.EDIT_CONTENT, unit)
    if note is not None and not can_read(actor, note):
        raise PermissionDeniedError(_("Bạn không xem được phiếu này."))
    claim = note.summary if note is not None else _(
        "Thông tin sai sự thật về “%(topic)s” đang lan truyền ở nhiều đơn vị.") % {
        "topic": topic.name}
    headline = _("Đính chính thông tin sai về %(topic)s") % {"topic": topic.name.lower()}
    source = _("Phiếu nắm bắt dư luận, tuần %(week)s") % {
        "week": f"{note.week:%d/%m/%Y}"} if note else _("Tổng hợp dư luận")
    correction = corrections.start_correction(actor, unit, corrections.CorrectionData(
        headline=headline, claim_summary=claim, rating=Rating.FALSE,
        facts=_("(Cần bổ sung: thông tin chính xác và nguồn chính thức trước khi gửi duyệt.)"),
        claim_first_seen=clock.today(), sources=[{"title": source, "url": ""}]))
    item = publishing.create_item(actor, unit, publishing.Draft(
        title=headline, kind=Item.Kind.BULLETIN,
        summary=_("Bà con lưu ý: thông tin sau đây là sai sự thật."),
        body=_("**Thông tin sai:** %(claim)s\n\n**Sự thật:** (cần bổ sung)") % {"claim": claim}))
    return Response.objects.create(unit=unit, topic=topic, note=note, correction=correction,
                                   item=item, first_reported_at=first_report(unit, topic, note),
                                   opened_at=clock.now())


def hours_to_correction(response: Response) -> float | None:
    published = response.correction.first_published_at
    if published is None:
        return None
    return (published - response.first_reported_at).total_seconds() / 3600
