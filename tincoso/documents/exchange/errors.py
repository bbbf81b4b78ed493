"""The exchange's errors: bilingual, and raised before anything is stored."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError


class EnvelopeError(DomainError):
    """An envelope that cannot be taken in: malformed, hostile, too big or incomplete."""

    code = "invalid_envelope"


class TransportError(DomainError):
    """A transport could not deliver or fetch (after its retries)."""

    status = 502
    code = "transport_failed"


NOT_XML = _("Gói tin không phải XML hợp lệ: %(reason)s")
DTD = _("Gói tin có khai báo DOCTYPE/ENTITY: không nhận (phòng tấn công XXE).")
ENCODING = _("Gói tin phải mã hóa UTF-8 (khai báo: %(encoding)s).")
TOO_BIG = _("Gói tin quá lớn: %(size)s MB (tối đa %(limit)s MB).")
ATTACHMENT_TOO_BIG = _("Tệp đính kèm %(name)s quá lớn: %(size)s MB (tối đa %(limit)s MB).")
MISSING = _("Gói tin thiếu trường bắt buộc: %(field)s.")
BAD_BASE64 = _("Tệp đính kèm %(name)s không giải mã được (base64).")
NOT_EDXML = _("Không phải gói tin edXML (thẻ gốc: %(root)s).")
NO_ATTACHMENT = _("Gói tin văn bản không có tệp đính kèm nào.")
UNKNOWN_RECIPIENT = _("Không có đơn vị nào mang mã định danh %(organ)s để nhận văn bản.")
BAD_DATE = _("Ngày không đọc được trong %(field)s: %(value)s.")
