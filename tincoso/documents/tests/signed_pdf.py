"""A signed PDF as offices send them: a real text layer with the Vietnamese header
(issuer, số/ký hiệu, place and date, type and title, signer), laid out by WeasyPrint
with a Unicode font, then signed by the director with a throwaway CA's certificate."""

from __future__ import annotations

from weasyprint import HTML

from tincoso.documents.tests.signing_ca import ThrowawayCA, sign

SIGNER = "Trần Văn Ký"
PAGE = """<html><head><style>
@page { size: A4; margin: 2cm 1.5cm 2cm 3cm }
body { font-family: 'Liberation Serif', serif; font-size: 13pt }
table { width: 100% } td { vertical-align: top; text-align: center; width: 50% }
</style></head><body>
<table><tr><td>ỦY BAN NHÂN DÂN<br>TỈNH THỬ NGHIỆM<br>SỞ Y TẾ<br>Số: 181/KH-SYT</td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b><br><br>
<i>Thử Nghiệm, ngày 05 tháng 3 năm 2026</i></td></tr></table>
<p style="text-align:center"><b>KẾ HOẠCH</b><br>
<b>Triển khai công tác thông tin cơ sở năm 2026</b></p>
<p>Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Y tế xây dựng kế hoạch triển khai
công tác thông tin cơ sở năm 2026 như sau.</p>
<p>I. MỤC ĐÍCH, YÊU CẦU</p><p>Nâng cao chất lượng thông tin cơ sở.</p>
<table><tr><td style="text-align:left"><b><i>Nơi nhận:</i></b><br>- Tỉnh ủy Thử Nghiệm;<br>
- Lưu VT.</td><td><b>GIÁM ĐỐC</b><br><br><br><br><b>SIGNER</b></td></tr></table>
</body></html>"""


def signed_plan(ca: ThrowawayCA) -> bytes:
    """Kế hoạch 181/KH-SYT of the Sở Y tế, signed by its director in the signature block."""
    pdf = HTML(string=PAGE.replace("SIGNER", SIGNER)).write_pdf()
    director = ca.person(SIGNER, "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", "SỞ Y TẾ")
    return sign(
        pdf, director, embed=(ca.intermediate,), box=(320, 120, 520, 220), stamp_text="Da ky so"
    )
