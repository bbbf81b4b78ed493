"""The deadline of a request and of its one extension, by the channel it came through.

Luật Tiếp cận thông tin 104/2016/QH13, Điều 29, 30, 31, as compiled in the Bộ pháp
điển (đề mục 32.2 "Tiếp cận thông tin", Điều 32.2.LQ.29-31), read on 2026-11-30 at
https://github.com/diepxuan/diepxuan.github.io/blob/0232145947e90dcab0cb7f2918a852ab0de47d2e/van-ban/thong-tin-bao-chi-xuat-ban/tiep-can-thong-tin.md
(other sources: the ``services`` docstring). Working days are those of ``workdays``;
the day of receipt is not counted.

=======  ======  =======  ======  =========  ==========================================
channel  simple  complex  notice  extension  source
=======  ======  =======  ======  =========  ==========================================
online   3       15       3       15 days    Điều 30 khoản 3 (simple), khoản 4 (complex)
post     5       15       3       15 days    Điều 31 khoản 1, 2
office   0       10       0 (*)   10 wd      Điều 29 khoản 1 ("cung cấp ngay"), khoản 2
=======  ======  =======  ======  =========  ==========================================

"Notice": working days after receipt within which the officer may mark the request
complex, telling the requester the new deadline in writing (Điều 30 khoản 4, Điều 31
khoản 2: "chậm nhất là 03 ngày làm việc"). (*) Điều 29 sets no such window: at the
office the information is given at once or, when complex, within 10 working days,
so the app lets the officer mark it complex on the day of receipt only (a reading).
In all three articles the extension belongs to the complex case only. Điều 30 and 31
grant it "tối đa không quá 15 ngày" (days, not working days): read as calendar days,
and a day that ends on a day off is brought back to the last working day before it
(the stricter reading); Điều 29 says "10 ngày làm việc".
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


RULES: dict[str, Rule] = {
    Channel.ONLINE: Rule(simple=3, complex=15, notice=3, extension=15,
                         calendar_extension=True),
    Channel.POST: Rule(simple=5, complex=15, notice=3, extension=15,
                       calendar_extension=True),
    Channel.OFFICE: Rule(simple=0, complex=10, notice=0, extension=10,
                         calendar_extension=False),
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
