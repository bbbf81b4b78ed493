"""Why a document could not be read: the error codes, their messages and statuses."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError

# Messages are Vietnamese source strings; English lives in the .po file (the
# translations are listed at the end of this module for whoever writes it).
MESSAGES: dict[str, Promise] = {
    "too_large": _("Tệp quá lớn: %(size)s MB, vượt giới hạn %(limit)s MB."),
    "empty": _("Tệp trống, không có nội dung chữ."),
    "unsupported_type": _(
        "Không hỗ trợ loại tệp %(ext)s. Chỉ nhận tệp .docx, .pdf, .txt và ảnh chụp "
        "trang văn bản (.png, .jpg, .tif) (tệp .doc cũ hãy mở bằng Word rồi lưu lại "
        "thành .docx)."
    ),
    "wrong_extension": _(
        "Tệp “%(filename)s” có đuôi %(ext)s nhưng nội dung thực là %(actual)s. "
        "Hãy kiểm tra lại tệp."
    ),
    "corrupt": _("Tệp %(kind)s bị hỏng hoặc sai định dạng nên không đọc được."),
    "zip_bomb": _("Tệp .docx có cấu trúc nén bất thường (có thể là tệp độc hại) nên bị từ chối."),
    "encrypted": _("Tệp %(kind)s được đặt mật khẩu. Hãy gỡ mật khẩu rồi tải lên lại."),
    "too_many_pages": _("Tệp PDF có %(pages)s trang, vượt giới hạn %(limit)s trang."),
    "no_text_layer": _(
        "Tệp PDF không có lớp văn bản (có thể là bản quét) và máy chủ chưa cài "
        "OCR tiếng Việt, nên không đọc được nội dung."
    ),
    "ocr_failed": _("Không nhận dạng được chữ trong bản quét PDF (OCR bị lỗi)."),
    "no_ocr_for_image": _(
        "Tệp ảnh chỉ đọc được bằng nhận dạng chữ (OCR) tiếng Việt, nhưng máy chủ "
        "chưa cài OCR tiếng Việt."
    ),
    "image_too_large": _(
        "Ảnh quá lớn (vượt 80 triệu điểm ảnh). Hãy chụp hoặc quét lại với độ "
        "phân giải thấp hơn (300 dpi là đủ)."
    ),
    "undecodable": _(
        "Không nhận ra bảng mã của tệp văn bản. Hãy lưu lại tệp với bảng mã Unicode (UTF-8)."
    ),
}

# HTTP statuses that say more than a bare 400.
_STATUS = {"too_large": 413, "unsupported_type": 415, "wrong_extension": 415}


class ExtractionError(DomainError):
    """A document could not be turned into text; ``code`` says why."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(MESSAGES[code], **params)
        self.code = code
        self.status = _STATUS.get(code, 400)


# ---------------------------------------------------------------------------
# English translations (for the .po file; msgid = the Vietnamese string above)
#
# too_large:
#   "Tệp quá lớn: %(size)s MB, vượt giới hạn %(limit)s MB."
#   "The file is too large: %(size)s MB, over the %(limit)s MB limit."
# empty:
#   "Tệp trống, không có nội dung chữ."
#   "The file is empty: it contains no text."
# unsupported_type:
#   "Không hỗ trợ loại tệp %(ext)s. Chỉ nhận tệp .docx, .pdf, .txt và ảnh chụp
#   trang văn bản (.png, .jpg, .tif) (tệp .doc cũ hãy mở bằng Word rồi lưu lại
#   thành .docx)."
#   "The file type %(ext)s is not supported. Only .docx, .pdf and .txt files and
#   photos or scans of a page (.png, .jpg, .tif) are accepted (open an old .doc
#   file in Word and save it again as .docx)."
# no_ocr_for_image:
#   "Tệp ảnh chỉ đọc được bằng nhận dạng chữ (OCR) tiếng Việt, nhưng máy chủ chưa
#   cài OCR tiếng Việt."
#   "An image can only be read with Vietnamese text recognition (OCR), and the
#   server has no Vietnamese OCR installed."
# image_too_large:
#   "Ảnh quá lớn (vượt 80 triệu điểm ảnh). Hãy chụp hoặc quét lại với độ phân
#   giải thấp hơn (300 dpi là đủ)."
#   "The image is too large (over 80 million pixels). Photograph or scan it again
#   at a lower resolution (300 dpi is enough)."
# wrong_extension:
#   "Tệp “%(filename)s” có đuôi %(ext)s nhưng nội dung thực là %(actual)s. Hãy
#   kiểm tra lại tệp."
#   "The file “%(filename)s” has the extension %(ext)s but is actually
#   %(actual)s. Please check the file."
# corrupt:
#   "Tệp %(kind)s bị hỏng hoặc sai định dạng nên không đọc được."
#   "The %(kind)s file is damaged or malformed and cannot be read."
# zip_bomb:
#   "Tệp .docx có cấu trúc nén bất thường (có thể là tệp độc hại) nên bị từ chối."
#   "The .docx file has an abnormal compressed structure (it may be malicious)
#   and was rejected."
# encrypted:
#   "Tệp %(kind)s được đặt mật khẩu. Hãy gỡ mật khẩu rồi tải lên lại."
#   "The %(kind)s file is password-protected. Remove the password and upload it
#   again."
# too_many_pages:
#   "Tệp PDF có %(pages)s trang, vượt giới hạn %(limit)s trang."
#   "The PDF has %(pages)s pages, over the limit of %(limit)s pages."
# no_text_layer:
#   "Tệp PDF không có lớp văn bản (có thể là bản quét) và máy chủ chưa cài OCR
#   tiếng Việt, nên không đọc được nội dung."
#   "The PDF has no text layer (it may be a scan) and the server has no
#   Vietnamese OCR installed, so its content cannot be read."
# ocr_failed:
#   "Không nhận dạng được chữ trong bản quét PDF (OCR bị lỗi)."
#   "Text recognition (OCR) of the scanned PDF failed."
# undecodable:
#   "Không nhận ra bảng mã của tệp văn bản. Hãy lưu lại tệp với bảng mã Unicode
#   (UTF-8)."
#   "The text file's character encoding was not recognised. Please save it
#   again as Unicode (UTF-8)."
# Parameter labels:
#   "văn bản thuần (.txt)"  → "plain text (.txt)"
#   "(không có đuôi)"       → "(no extension)"
#   "tệp ảnh"               → "image"
# ---------------------------------------------------------------------------
