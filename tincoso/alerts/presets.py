"""Templates for the common events, so an officer under stress fills three fields
(the area, the risk level, what and where) and the form pre-fills the rest.

``hazard`` is the hazard group of QĐ 18/2021/QĐ-TTg (CAP ``eventCode``
``nhomThienTai``); epidemics are outside that decision and have none.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    slug: str
    event: str
    event_en: str
    category: str  # CAP <category>
    hazard: str
    level: int | None
    urgency: str
    certainty: str
    headline: str  # "%(level)s" is replaced by the chosen level
    description: str
    instruction: str
    hours: int  # how long until it expires by default


PRESETS: dict[str, Preset] = {p.slug: p for p in (
    Preset("lu-quet", "Lũ quét", "Flash flood", "Geo", "mua-lon-lu-lu-quet-sat-lo", 3,
           "Immediate", "Likely", "Cảnh báo lũ quét, rủi ro thiên tai cấp độ %(level)s",
           "Mưa lớn có thể gây lũ quét trên các suối, khe.",
           "Không ở lại, không đi qua ngầm, tràn, suối. Di chuyển ngay lên chỗ cao, "
           "theo hướng dẫn của chính quyền và lực lượng cứu hộ.", 12),
    Preset("sat-lo-dat", "Sạt lở đất", "Landslide", "Geo", "mua-lon-lu-lu-quet-sat-lo", 3,
           "Immediate", "Likely", "Cảnh báo sạt lở đất, rủi ro thiên tai cấp độ %(level)s",
           "Đất đá trên sườn đồi, ta luy đã bão hòa nước, có nguy cơ sạt lở.",
           "Rời khỏi nhà ở chân đồi, ven ta luy. Không đi qua vùng đang sạt lở. "
           "Báo ngay cho trưởng thôn khi thấy vết nứt, tiếng động lạ.", 12),
    Preset("bao", "Bão", "Storm", "Met", "bao-ap-thap-nhiet-doi", 4,
           "Expected", "Likely", "Cảnh báo bão, rủi ro thiên tai cấp độ %(level)s",
           "Bão đang di chuyển vào khu vực, gió mạnh, mưa rất lớn.",
           "Chằng chống nhà cửa, tàu thuyền vào nơi tránh trú. Sơ tán khỏi vùng xung yếu "
           "theo lệnh của chính quyền. Không ra ngoài khi bão đổ bộ.", 24),
    Preset("chay-rung", "Cháy rừng", "Forest fire", "Fire", "chay-rung", 4,
           "Immediate", "Observed", "Cảnh báo cháy rừng, cấp độ %(level)s",
           "Đám cháy rừng đang lan rộng.",
           "Không vào rừng, không đốt lửa. Người ở gần bìa rừng chuẩn bị sơ tán, "
           "báo ngay cho kiểm lâm khi thấy lửa, khói.", 12),
    Preset("dich-benh", "Dịch bệnh", "Epidemic", "Health", "", None,
           "Expected", "Likely", "Cảnh báo dịch bệnh",
           "Ghi nhận ca bệnh truyền nhiễm trên địa bàn.",
           "Đeo khẩu trang nơi đông người, rửa tay thường xuyên. Khi có triệu chứng, "
           "báo ngay trạm y tế xã, phường.", 72),
)}  # fmt: skip


def headline_for(preset: Preset, level: int | None) -> str:
    return preset.headline % {"level": level or ""}
