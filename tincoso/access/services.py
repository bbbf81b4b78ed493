"""The procedure of a request for information, each step checked and logged.

Sources (Luật Tiếp cận thông tin số 104/2016/QH13; Nghị định 13/2018/NĐ-CP):
- Điều 24: the request states the requester's name, residence, identity document
  number, contact, the information wanted, its purpose and how to receive it.
- Điều 28 khoản 1: information that cannot be given at once is given within
  10 working days of receiving a valid request (``ANSWER_DAYS``).
- Điều 28 khoản 2: when more time is needed to search, gather, copy or decide, the
  time may be extended once by up to 10 working days, the requester being told in
  writing with the reason (``EXTENSION_DAYS``).
- Điều 6, 7, 11: the only grounds for refusing (``models.RefusalGround``), given in
  writing with the reason (Điều 28 khoản 3).
- Điều 17, 19: the information each body must publish proactively (``PublishedInfo``).
Texts read at thuvienphapluat.vn (Luật 104/2016/QH13) and vietjack.me chương III;
holidays: Bộ luật Lao động 2019 Điều 112 and the annual notices (``workdays``).

Checked again on 2026-11-30 (search of stored public pages): Điều 31 (information
sent by post or fax) was found quoted in full (tuvanmienphi.vn, thuviennhadat.vn):
simple information within 5 working days; otherwise the requester is told the
deadline within 3 working days, the information or refusal comes within 15 working
days, extendable by at most 15 days. ``Delivery.POST`` still gets the 10 + 10 days
of Điều 28 here: stricter than the law (never unlawful), but a request by post
answered on day 11–15 counts as late; left as is until decided (see issue 17).
Disagreement found, not yet resolved: a thuvienphapluat.vn Q&A ("Cơ quan nhà nước từ
chối cung cấp thông tin trong trường hợp nào?") cites **khoản 1 Điều 28** as the list
of cases for refusing, which contradicts the article numbers above (Điều 28 as the
deadline article, Điều 11 for refusals). The article that sets the 10 + 10 working
days and the full text of Điều 6, 7 and 28 could not be found quoted in the stored
pages, so the labels in ``models.RefusalGround`` (and their "Điều 11") are left as
they were rather than renumbered on a guess; to check against the official text.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.access.models import OPEN, Delivery, Event, InfoRequest, RefusalGround, Status
from tincoso.access.workdays import add_working_days
from tincoso.core import clock
from tincoso.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

ANSWER_DAYS = 10
EXTENSION_DAYS = 10
MAX_TEXT = 5000
ID_PATTERN = re.compile(r"^\d{9}$|^\d{12}$")  # CMND (9) or CCCD / số định danh (12)


class AccessError(DomainError):
    code = "invalid_request"


def file_request(unit: Unit, *, full_name: str, id_number: str, address: str,
                 information: str, delivery: str, phone: str = "", email: str = "",
                 purpose: str = "") -> InfoRequest:
    """Receive a valid request; its deadline is ANSWER_DAYS working days after today."""
    full_name, address, information = full_name.strip(), address.strip(), information.strip()
    id_number = id_number.strip().replace(" ", "")
    if not full_name or not address:
        raise AccessError(_("Cần ghi họ tên và nơi cư trú của người yêu cầu."))
    if not ID_PATTERN.match(id_number):
        raise AccessError(_("Số định danh cá nhân (CCCD) phải có 12 chữ số (hoặc CMND 9 số)."))
    if not 10 <= len(information) <= MAX_TEXT:
        raise AccessError(_("Nội dung thông tin cần cung cấp phải từ 10 đến 5000 ký tự."))
    if delivery not in Delivery.values:
        raise AccessError(_("Hãy chọn hình thức nhận thông tin."))
    if delivery == Delivery.EMAIL and not email:
        raise AccessError(_("Muốn nhận qua thư điện tử thì cần ghi địa chỉ thư điện tử."))
    today = clock.today()
    with transaction.atomic():
        req = InfoRequest.objects.create(
            unit=unit, full_name=full_name, id_number=id_number, address=address,
            phone=phone.strip(), email=email.strip(), information=information,
            purpose=purpose.strip(), delivery=delivery, received_on=today,
            due_on=add_working_days(today, ANSWER_DAYS))
        Event.objects.create(request=req, kind="received")
    return req


def find_by_code(code: str) -> InfoRequest:
    req = InfoRequest.objects.select_related("unit").filter(
        code=code.strip().upper()[:16]).first()
    if req is None:
        raise NotFoundError(_("Không tìm thấy yêu cầu với mã tra cứu này."))
    return req


def visible_to(user: Any) -> QuerySet[InfoRequest]:
    paths = permissions.root_paths(user, Action.REGISTER_DOCUMENTS)
    qs = InfoRequest.objects.select_related("unit")
    if paths is None:
        return qs
    if not paths:
        return qs.none()
    query = Q()
    for path in paths:
        query |= Q(unit__path__startswith=path)
    return qs.filter(query)


def check_handler(user: Any, req: InfoRequest) -> None:
    """Officers (and editors, administrators) of the unit's subtree handle its requests."""
    if not permissions.can(user, Action.REGISTER_DOCUMENTS, req.unit):
        raise PermissionDeniedError(_("Bạn không có quyền xử lý yêu cầu của đơn vị này."))


def _open(req: InfoRequest) -> None:
    if req.status not in OPEN:
        raise AccessError(_("Yêu cầu này đã được giải quyết."))


def _text(value: str, what: str) -> str:
    value = value.strip()
    if not value or len(value) > MAX_TEXT:
        raise AccessError(_("Cần ghi %(what)s (tối đa 5000 ký tự)."), what=what)
    return value


@transaction.atomic
def extend(user: Any, req: InfoRequest, reason: str) -> InfoRequest:
    check_handler(user, req)
    _open(req)
    if req.extended:
        raise AccessError(_("Thời hạn chỉ được gia hạn một lần (tối đa 10 ngày làm việc)."))
    reason = _text(reason, str(_("lý do gia hạn")))
    req.due_on = add_working_days(req.due_on, EXTENSION_DAYS)
    req.extended, req.status = True, Status.EXTENDED
    req.save(update_fields=["due_on", "extended", "status"])
    Event.objects.create(request=req, kind="extended", by=user,
                         note=f"{reason}\n→ {req.due_on.isoformat()}")
    return req


@transaction.atomic
def answer(user: Any, req: InfoRequest, reply: str) -> InfoRequest:
    check_handler(user, req)
    _open(req)
    req.reply = _text(reply, str(_("nội dung trả lời")))
    req.status, req.closed_on = Status.ANSWERED, clock.today()
    req.save(update_fields=["reply", "status", "closed_on"])
    Event.objects.create(request=req, kind="answered", by=user)
    return req


@transaction.atomic
def refuse(user: Any, req: InfoRequest, ground: str, reason: str) -> InfoRequest:
    check_handler(user, req)
    _open(req)
    if ground not in RefusalGround.values:
        raise AccessError(_("Từ chối phải nêu căn cứ theo Điều 6, 7 hoặc 11 của Luật."))
    req.reply = _text(reason, str(_("lý do từ chối")))
    req.refusal_ground, req.status, req.closed_on = ground, Status.REFUSED, clock.today()
    req.save(update_fields=["reply", "refusal_ground", "status", "closed_on"])
    Event.objects.create(request=req, kind="refused", by=user, note=ground)
    return req
