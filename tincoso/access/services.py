"""The procedure of a request for information, each step checked and logged.

Sources (Luật Tiếp cận thông tin số 104/2016/QH13; Nghị định 13/2018/NĐ-CP):
- Điều 24: the request states the requester's name, residence, identity document
  number, contact, the information wanted, its purpose and how to receive it; it is
  made at the body's office, or sent "qua mạng điện tử, dịch vụ bưu chính, fax"
  (moj.gov.vn, ItemID=2358; baodaklak.vn 2449630).
- Deadlines by channel, Điều 29, 30, 31: ``deadlines`` (its table and source).
- Điều 28 khoản 1: the cases of refusal (``models.RefusalGround``); điểm a sends to
  Điều 6 (information citizens may not access) and Điều 7 (conditional access);
  khoản 2: a refusal is notified in writing with the reason.
- Điều 17, 19: the information each body must publish proactively (``PublishedInfo``).
Holidays: Bộ luật Lao động 2019 Điều 112 and the annual notices (``workdays``).

Checked on 2026-11-30 in stored public pages (full text of these articles quoted):
- Điều 28 (refusal) in full: https://thuviennhadat.vn/phap-ly-nha-dat/quy-dinh-cua-phap
  -luat-ve-viec-tu-choi-yeu-cau-cung-cap-thong-tin-nhu-the-nao-356105.html ; also cited
  as "khoản 1 Điều 28" by https://thuvienphapluat.vn/hoi-dap-phap-luat/83A2A57-hd-thoi-
  han-cung-cap-thong-tin-qua-dich-vu-buu-chinh-fax-la-bao-nhieu-ngay-co-quan-nha-nuoc-
  tu-choi-cu.html . The app's earlier "Điều 11" for refusals and "Điều 28" for the
  10 + 10 working days were wrong.
- Điều 31 is post and fax only (not online): 5 working days for simple information;
  complex: the deadline notified in writing within 3 working days, the information or
  a written refusal within 15 working days, one extension of at most 15 days notified
  in writing within the time limit. https://thuviennhadat.vn/phap-ly-nha-dat/viec-cung-
  cap-thong-tin-qua-dich-vu-buu-chinh-duoc-thuc-hien-theo-trinh-tu-nhu-the-nao-356110
  .html ; https://tuvanmienphi.vn/vi/phap-luat/527-thoi-han-cung-cap-thong-tin-qua-dich
  -vu-buu-chinh-fax.html ; the thuvienphapluat Q&A above.
- Điều 30 is online ("qua mạng điện tử"): khoản 3, simple and available information
  within 3 working days. https://thuvienphapluat.vn/hoi-dap-phap-luat/83A47D3-hd-theo-
  luat-tiep-can-thong-tin-viec-cung-cap-thong-tin-qua-mang-dien-tu-duoc-thuc-hien-khi-
  co-du-cac-.html . Its complex case (khoản 4) was elided in that quote: see below.
- At the office: simple, available information is given at once ("cung cấp ngay",
  baodaklak.vn/channel/3691/201609/mot-so-quy-dinh-cua-luat-tiep-can-thong-tin-2449630);
  the article (Điều 29) and its complex deadline: see below.
- Điều 28 khoản 1 điểm e (costs of printing, copying, sending not paid): the same
  thuviennhadat page quoting Điều 28 in full; ``RefusalGround.UNPAID``.
- Điều 29 (at the office), Điều 30 (online) and Điều 31 (post, fax) in full, and
  Điều 6, 7, 28: the Bộ pháp điển compilation (đề mục 32.2) mirrored at
  https://github.com/diepxuan/diepxuan.github.io/blob/0232145947e90dcab0cb7f2918a852ab0de47d2e/van-ban/thong-tin-bao-chi-xuat-ban/tiep-can-thong-tin.md
  (read 2026-11-30). It confirms the figures above and settles the ones left open:
  online complex 15 working days, notice within 3, one extension of at most 15 days
  (Điều 30 khoản 4); at the office complex 10 working days, one extension of at most
  10 working days (Điều 29 khoản 2). The table is in ``deadlines``.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.access import deadlines
from tincoso.access.models import (
    OPEN,
    Channel,
    Delivery,
    Event,
    InfoRequest,
    RefusalGround,
    Status,
)
from tincoso.core import clock
from tincoso.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

MAX_TEXT = 5000
ID_PATTERN = re.compile(r"^\d{9}$|^\d{12}$")  # CMND (9) or CCCD / số định danh (12)


class AccessError(DomainError):
    code = "invalid_request"


def file_request(unit: Unit, *, full_name: str, id_number: str, address: str,
                 information: str, delivery: str, phone: str = "", email: str = "",
                 purpose: str = "", channel: str = Channel.ONLINE,
                 is_complex: bool = False, by: Any = None) -> InfoRequest:
    """Receive a valid request; its deadline follows its channel (``deadlines``)."""
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
    if channel not in Channel.values:
        raise AccessError(_("Hãy chọn hình thức gửi yêu cầu."))
    if delivery == Delivery.EMAIL and not email:
        raise AccessError(_("Muốn nhận qua thư điện tử thì cần ghi địa chỉ thư điện tử."))
    today = clock.today()
    with transaction.atomic():
        req = InfoRequest.objects.create(
            unit=unit, full_name=full_name, id_number=id_number, address=address,
            phone=phone.strip(), email=email.strip(), information=information,
            purpose=purpose.strip(), delivery=delivery, channel=channel,
            is_complex=is_complex, received_on=today,
            due_on=deadlines.first_due(channel, today, is_complex=is_complex))
        Event.objects.create(request=req, kind="received", by=by,
                             note="" if channel == Channel.ONLINE else channel)
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
def mark_complex(user: Any, req: InfoRequest, notice: str) -> InfoRequest:
    """The information is complex: within the notice window the requester is told, in
    writing, the later deadline the channel's article allows."""
    check_handler(user, req)
    _open(req)
    if req.is_complex:
        raise AccessError(_("Yêu cầu này đã được xác định là thông tin phức tạp."))
    if req.extended:
        raise AccessError(_("Yêu cầu này đã được gia hạn."))
    if clock.today() > deadlines.notice_until(req.channel, req.received_on):
        raise AccessError(_("Đã quá thời hạn thông báo yêu cầu là thông tin phức tạp."))
    notice = _text(notice, str(_("nội dung thông báo thời hạn")))
    req.due_on = deadlines.first_due(req.channel, req.received_on, is_complex=True)
    req.is_complex = True
    req.save(update_fields=["due_on", "is_complex"])
    Event.objects.create(request=req, kind="complex", by=user,
                         note=f"{notice}\n→ {req.due_on.isoformat()}")
    return req


@transaction.atomic
def extend(user: Any, req: InfoRequest, reason: str) -> InfoRequest:
    check_handler(user, req)
    _open(req)
    if req.extended:
        raise AccessError(_("Thời hạn chỉ được gia hạn một lần."))
    if clock.today() > req.due_on:
        raise AccessError(_("Chỉ được gia hạn trong thời hạn giải quyết."))
    if not req.is_complex:  # Điều 29-31: the extension is of the complex case only
        raise AccessError(_("Chỉ yêu cầu thông tin phức tạp mới được gia hạn."))
    reason = _text(reason, str(_("lý do gia hạn")))
    req.due_on = deadlines.extended_due(req.channel, req.due_on)
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
        raise AccessError(_("Từ chối phải nêu căn cứ theo khoản 1 Điều 28 của Luật."))
    req.reply = _text(reason, str(_("lý do từ chối")))
    req.refusal_ground, req.status, req.closed_on = ground, Status.REFUSED, clock.today()
    req.save(update_fields=["reply", "refusal_ground", "status", "closed_on"])
    Event.objects.create(request=req, kind="refused", by=user, note=ground)
    return req
