"""What a signature check tells a person, in Vietnamese and English.

Messages are Vietnamese msgids (English in the .po file), rendered in both
languages when a result is made, because results are stored with the document.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

ADVISORIES: dict[str, Promise] = {
    "sha1": _("Thuật toán băm SHA-1 (yếu) — vẫn chấp nhận, chỉ lưu ý."),
    "nonstandard_encoding": _(
        "Chữ ký mã hóa không chuẩn (DigestInfo thiếu tham số NULL); giá trị băm khớp: "
        "nội dung không bị thay đổi."
    ),
    "fields_after_certification": _(
        "Sau chữ ký chứng nhận có thêm ô ký (số, ngày, con dấu): cách làm thông thường "
        "của phần mềm ký số, không phải sửa nội dung."
    ),
    "modified_after_signing": _(
        "Tệp có thay đổi sau chữ ký này ngoài việc điền biểu mẫu và ký tiếp: hãy đối "
        "chiếu với bản đã ký."
    ),
    "annotations_after_signing": _("Sau khi ký có thêm chú thích (ghi chú) trên tệp."),
    "missing_intermediate": _(
        "Thiếu chứng thư của CA cấp trên “%(issuer)s” (thường là chứng thư trung gian): "
        "quản trị viên tải tệp chính thức từ ca.gov.vn (hoặc ca.dcs.vn) vào thư mục "
        "DOCUMENT_TRUST_DIR."
    ),
    "untrusted": _("Chứng thư không thuộc nhà cung cấp được tin cậy: %(reason)s"),
    "expired_after_signing": _(
        "Chứng thư hết hạn ngày %(date)s, sau khi ký (còn hiệu lực tại thời điểm ký)."
    ),
    "revocation_not_checked": _("Chưa kiểm tra thu hồi chứng thư (kiểm tra ngoại tuyến)."),
    "local_time_as_utc": _(
        "Thời gian người ký khai là giờ Việt Nam nhưng ghi nhãn UTC (lệch 7 giờ)."
    ),
    "no_timestamp": _("Không có dấu thời gian: thời điểm ký do máy người ký tự khai."),
    "timestamp_untrusted": _("Dấu thời gian không kiểm chứng được."),
    "signature_invalid": _(
        "Giá trị chữ ký không khớp với chứng thư: không kiểm chứng được người ký."
    ),
    "unreadable": _("Không đọc được chữ ký này: %(reason)s"),
}

VERDICT_OK = _("Ký bởi %(who)s lúc %(time)s — nội dung không bị thay đổi kể từ khi ký")
VERDICT_OK_NO_TIME = _("Ký bởi %(who)s — nội dung không bị thay đổi kể từ khi ký")
VERDICT_CHANGED = _("Chữ ký của %(who)s: nội dung đã bị thay đổi sau khi ký")
VERDICT_UNVERIFIED = _("Chữ ký của %(who)s: không kiểm chứng được giá trị chữ ký")
VERDICT_UNREADABLE = _("Chữ ký trong ô %(field)s: không đọc được")
SUFFIX_UNTRUSTED = _("chứng thư chưa xác minh được nguồn gốc")

ERROR_UNREADABLE = _("Không đọc được chữ ký số trong tệp PDF: %(reason)s")


def both(message: Promise, **params: Any) -> dict[str, str]:
    """``{"vi": ..., "en": ...}`` of a message with its parameters filled in."""
    out = {}
    for language in ("vi", "en"):
        with override(language):
            text = str(message)
        out[language] = text % params if params else text
    return out


def advisory(code: str, **params: Any) -> dict[str, str]:
    return {"code": code, **both(ADVISORIES[code], **params)}
