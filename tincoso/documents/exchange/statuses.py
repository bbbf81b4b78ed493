"""Every mapping between edXML codes and ours, in one place (docs/document-exchange.md).

Sources: the status codes from tungsfer512/edxml-convert
``request-response/status/status.json`` (and a Bkav eGov DTO, public code file id
10930270960, which lists the same numbers); BussinessDocType 0–3 from that DTO and
Bkav's ``EdocTraceHeaderList.BussinessDocType`` enum (NEW, REVOKE, UPDATE, REPLACE);
Priority 0–3 ("lớn dần từ 0 đến 3") from the same DTO.

Our side of an exchanged document is named by ``DispatchStatus`` (documents.models),
the one list of states a document passed between units can be in, the ones
``documents.sender`` added (returned, revoked, replaced) included: ``LOCAL_TO_CODE``
gives every one of them its code, and importing this module fails if one is missing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tincoso.documents.models import WITHDRAWN_STATUSES, DispatchStatus, Document, Urgency

ARRIVED = "01"
REFUSED = "02"
ACCEPTED = "03"
AWAITING_ASSIGNMENT = "04"
PROCESSING = "05"
DONE = "06"
REVOKE_REQUESTED = "13"
REVOKE_AGREED = "15"
REVOKE_REFUSED = "16"

CODES: dict[str, Any] = {
    ARRIVED: _("Đã đến"),
    REFUSED: _("Từ chối tiếp nhận"),
    ACCEPTED: _("Đã tiếp nhận"),
    AWAITING_ASSIGNMENT: _("Đã đến, đang chờ phân công"),
    PROCESSING: _("Đã phân công, đang xử lý"),
    DONE: _("Đã xử lý xong"),
    REVOKE_REQUESTED: _("Thu hồi văn bản"),
    REVOKE_AGREED: _("Đồng ý thu hồi/cập nhật"),
    REVOKE_REFUSED: _("Từ chối thu hồi/cập nhật"),
}

NEW, REVOKE, UPDATE, REPLACE = "0", "1", "2", "3"
BUSINESS: dict[str, Any] = {
    NEW: _("Văn bản mới"),
    REVOKE: _("Thu hồi"),
    UPDATE: _("Cập nhật"),
    REPLACE: _("Thay thế"),
}

# OtherInfo/Priority, 0 (lowest) to 3, against our urgency (độ khẩn) in the same order.
PRIORITY_TO_URGENCY = {
    "0": Urgency.NORMAL,
    "1": Urgency.URGENT,
    "2": Urgency.VERY_URGENT,
    "3": Urgency.FLASH,
}
URGENCY_TO_PRIORITY = {v: k for k, v in PRIORITY_TO_URGENCY.items()}

# Where our copy of a received document stands, in DispatchStatus terms, and the code
# its sender is told. Arrived and not yet registered is ``sent`` (it reached us).
LOCAL_TO_CODE: dict[str, str] = {
    DispatchStatus.SENT: ARRIVED,  # received, not yet checked and registered
    DispatchStatus.OPENED: ARRIVED,
    DispatchStatus.ACKNOWLEDGED: ACCEPTED,  # in the register (NĐ 30 Art. 22)
    DispatchStatus.IMPLEMENTING: PROCESSING,  # passed on to units that handle it
    DispatchStatus.DONE: DONE,  # every unit it was passed to has finished
    DispatchStatus.RETURNED: REFUSED,  # we sent it back with a reason (trả lại)
    DispatchStatus.REVOKED: REVOKE_AGREED,  # its sender revoked it (thu hồi): we agree
    DispatchStatus.REPLACED: REVOKE_AGREED,  # its sender sent another in its place
}
_MISSING = set(DispatchStatus.values) - set(LOCAL_TO_CODE)
if _MISSING:  # a state added to DispatchStatus must get its edXML code here
    raise ImproperlyConfigured(f"exchange.statuses: no edXML code for {sorted(_MISSING)}")

# Codes after which our copy's state no longer changes (the last word was said).
FINAL_CODES = (REFUSED, REVOKE_AGREED)

# What a code reported by the other body means for the document exchanged, as the
# nearest dispatch status (None: no change, the code is only shown by its label).
CODE_TO_DISPATCH_STATUS: dict[str, str | None] = {
    ARRIVED: DispatchStatus.SENT,
    REFUSED: DispatchStatus.RETURNED,
    ACCEPTED: DispatchStatus.ACKNOWLEDGED,
    AWAITING_ASSIGNMENT: DispatchStatus.ACKNOWLEDGED,
    PROCESSING: DispatchStatus.IMPLEMENTING,
    DONE: DispatchStatus.DONE,
    REVOKE_REQUESTED: DispatchStatus.REVOKED,  # from the sender: our copy is revoked
    REVOKE_AGREED: DispatchStatus.REVOKED,  # from the recipient: it agreed
    REVOKE_REFUSED: None,  # from the recipient: it keeps the document
}

# What we send when our side withdraws a document we sent: a status message with a
# code, or the new document with a business type.
WITHDRAWAL = {
    DispatchStatus.REVOKED: REVOKE_REQUESTED,
    DispatchStatus.REPLACED: REPLACE,
}


def local_state(doc: Document, reported: str = "") -> str:
    """Where our copy of a received document stands, as a ``DispatchStatus`` value;
    ``reported`` is the last code its sender was told (a final one stays)."""
    final = CODE_TO_DISPATCH_STATUS.get(reported) if reported in FINAL_CODES else None
    if final == DispatchStatus.REVOKED and _replaced(doc):
        return DispatchStatus.REPLACED  # the same 15, after a replacement (type 3)
    if final is not None:
        return final
    if doc.status != Document.Status.REGISTERED:
        return DispatchStatus.SENT
    statuses = [d.status for d in doc.dispatches.all()]  # prefetched by the caller
    live = [s for s in statuses if s not in WITHDRAWN_STATUSES]
    if not live:
        return DispatchStatus.ACKNOWLEDGED
    if all(s == DispatchStatus.DONE for s in live):
        return DispatchStatus.DONE
    return DispatchStatus.IMPLEMENTING


def _replaced(doc: Document) -> bool:
    """Did its sender send another document in place of our copy of ``doc``?"""
    received = doc.exchange_messages.filter(way="in", kind="edoc")
    return bool(received.filter(replaced_by__isnull=False).exists())


def code_for(doc: Document, reported: str = "") -> str:
    return LOCAL_TO_CODE[local_state(doc, reported)]


def label(code: str) -> str:
    return str(CODES.get(code, code))


def urgency_of(priority: str) -> str:
    return PRIORITY_TO_URGENCY.get(priority.strip(), Urgency.NORMAL)


def priority_of(urgency: str) -> str:
    return {str(k): v for k, v in URGENCY_TO_PRIORITY.items()}.get(urgency, "0")
