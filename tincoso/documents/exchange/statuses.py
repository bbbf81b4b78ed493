"""Every mapping between edXML codes and ours, in one place (docs/document-exchange.md).

Sources: the status codes from tungsfer512/edxml-convert
``request-response/status/status.json`` (and a Bkav eGov DTO, public code file id
10930270960, which lists the same numbers); BussinessDocType 0–3 from that DTO and
Bkav's ``EdocTraceHeaderList.BussinessDocType`` enum (NEW, REVOKE, UPDATE, REPLACE);
Priority 0–3 ("lớn dần từ 0 đến 3") from the same DTO.

The receipt/return/revoke/replace work (branch ``reg``) will add local states: give
each its code in ``LOCAL_TO_CODE`` and teach :func:`local_state` to name it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tincoso.documents.models import DispatchStatus, Document, Urgency

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

# Our incoming document's state, named, and the code the sender is told.
LOCAL_TO_CODE = {
    "draft": ARRIVED,  # received, not yet checked and registered
    "registered": ACCEPTED,  # in the register (NĐ 30 Art. 22)
    "assigned": PROCESSING,  # passed on to units that handle it
    "done": DONE,  # every unit it was passed to has finished
}

# What a code reported by the receiving body means for our outgoing document, as
# the nearest dispatch status (None: no counterpart, shown by its own label).
CODE_TO_DISPATCH_STATUS = {
    ARRIVED: DispatchStatus.SENT,
    ACCEPTED: DispatchStatus.ACKNOWLEDGED,
    AWAITING_ASSIGNMENT: DispatchStatus.ACKNOWLEDGED,
    PROCESSING: DispatchStatus.IMPLEMENTING,
    DONE: DispatchStatus.DONE,
}


def local_state(doc: Document) -> str:
    """Where our copy of an incoming document stands, as a key of ``LOCAL_TO_CODE``."""
    if doc.status != Document.Status.REGISTERED:
        return "draft"
    statuses = [d.status for d in doc.dispatches.all()]  # prefetched by the caller
    if not statuses:
        return "registered"
    if all(s == DispatchStatus.DONE for s in statuses):
        return "done"
    return "assigned"


def code_for(doc: Document) -> str:
    return LOCAL_TO_CODE[local_state(doc)]


def label(code: str) -> str:
    return str(CODES.get(code, code))


def urgency_of(priority: str) -> str:
    return PRIORITY_TO_URGENCY.get(priority.strip(), Urgency.NORMAL)


def priority_of(urgency: str) -> str:
    return {str(k): v for k, v in URGENCY_TO_PRIORITY.items()}.get(urgency, "0")
