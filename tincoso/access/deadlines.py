"""The deadline of a request and of its one extension, by the channel it came through.

Luật Tiếp cận thông tin 104/2016/QH13 (sources and what is not yet confirmed: the
``services`` docstring). Working days are those of ``workdays``; the day of receipt
is not counted.

=======  ======  =======  ======  =========  ==========================================
channel  simple  complex  notice  extension  source
=======  ======  =======  ======  =========  ==========================================
online   3       10 (*)   3 (*)   10 wd (*)  Điều 30 khoản 3 (3 working days, simple)
post     5       15       3       15 days    Điều 31 (post, fax), all figures
office   0       10 (*)   0       10 wd (*)  simple "cung cấp ngay" (at once)
=======  ======  =======  ======  =========  ==========================================

(*) not confirmed by a source: the figures the app used before for every request,
kept (they are no longer than the confirmed Điều 31 ones, so never laxer).
"Notice": working days after receipt within which the officer may mark the request
complex, telling the requester the new deadline in writing (Điều 31 khoản 2).
Điều 31 grants its extension "tối đa không quá 15 ngày" (days, not working days) and
only in the complex case: read as calendar days, and a day that ends on a day off
is brought back to the last working day before it (the stricter reading).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tincoso.access.models import Channel
from tincoso.access.workdays import add_working_days, is_working_day


@dataclass(frozen=True)
class Rule:
    simple: int  # working days to answer simple, available information
    complex: int  # working days to answer once marked complex
    notice: int  # working days within which it may be marked complex
    extension: int  # length of the one extension
    calendar_extension: bool  # the extension counts days, not working days
    extend_simple: bool  # a simple request may be extended too


RULES: dict[str, Rule] = {
    Channel.ONLINE: Rule(simple=3, complex=10, notice=3, extension=10,
                         calendar_extension=False, extend_simple=True),
    Channel.POST: Rule(simple=5, complex=15, notice=3, extension=15,
                       calendar_extension=True, extend_simple=False),
    Channel.OFFICE: Rule(simple=0, complex=10, notice=0, extension=10,
                         calendar_extension=False, extend_simple=True),
}


def first_due(channel: str, received: dt.date, *, is_complex: bool = False) -> dt.date:
    rule = RULES[channel]
    return add_working_days(received, rule.complex if is_complex else rule.simple)


def notice_until(channel: str, received: dt.date) -> dt.date:
    """The last day on which the request may still be marked complex."""
    return add_working_days(received, RULES[channel].notice)


def extended_due(channel: str, due: dt.date) -> dt.date:
    rule = RULES[channel]
    if not rule.calendar_extension:
        return add_working_days(due, rule.extension)
    day = due + dt.timedelta(days=rule.extension)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
