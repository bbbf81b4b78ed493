"""The taxonomy every installation starts with; officers edit it in the admin.

Phrases are written with diacritics for people to read; matching folds both sides
(``opinion.tagging``), so "gia dien" in a message typed without accents matches too.
A phrase's weight is its number of words; a leading ``*`` makes it count three times
(a rumour about prices is first of all a rumour).
"""

from __future__ import annotations

from typing import Any

SEED_TOPICS: list[tuple[str, str, list[str]]] = [
    ("gia-ca", "Giá cả", [
        "giá cả", "giá điện", "giá xăng", "giá gạo", "giá thịt", "giá rau", "giá phân bón",
        "tăng giá", "lên giá", "giá nước", "đắt đỏ", "tiền điện", "hóa đơn điện",
        "giá thuốc", "giá vật liệu", "giá cao", "mặt hàng", "giá lợn", "giá nông sản",
        "giá chè", "ép giá", "mất giá"]),
    ("dat-dai", "Đất đai", [
        "đất đai", "sổ đỏ", "giấy chứng nhận quyền sử dụng đất", "bồi thường", "đền bù",
        "giải phóng mặt bằng", "tranh chấp đất", "lấn chiếm", "thu hồi đất", "quy hoạch",
        "cấp đất", "đất rừng", "đất ở", "tái định cư", "ranh giới", "mốc giới", "đất nương"]),
    ("moi-truong", "Môi trường", [
        "môi trường", "ô nhiễm", "rác thải", "bãi rác", "nước thải", "khói bụi", "mùi hôi",
        "xả thải", "chặt phá rừng", "phá rừng", "nguồn nước", "thu gom rác", "khai thác cát",
        "bụi", "thuốc trừ sâu", "cá chết", "xả rác"]),
    ("an-ninh", "An ninh trật tự", [
        "an ninh", "trật tự", "trộm", "mất cắp", "đánh nhau", "ma túy", "cờ bạc", "lừa đảo",
        "côn đồ", "gây rối", "đua xe", "tai nạn giao thông", "buôn bán người", "vay nặng lãi",
        "tín dụng đen", "công an", "cướp"]),
    ("thien-tai", "Thiên tai", [
        "thiên tai", "lũ quét", "lũ ống", "sạt lở", "mưa lớn", "mưa đá", "lốc xoáy",
        "cơn bão", "ngập lụt", "lũ lụt", "nước lũ", "rét đậm", "rét hại", "hạn hán",
        "động đất", "sương muối", "giông"]),
    ("y-te", "Y tế", [
        "y tế", "bệnh viện", "trạm y tế", "bảo hiểm y tế", "khám bệnh", "tiêm chủng",
        "vắc xin", "sốt xuất huyết", "dịch bệnh", "bác sĩ", "thuốc men", "chữa bệnh",
        "ngộ độc", "tay chân miệng", "sởi", "cấp cứu", "khám chữa bệnh"]),
    ("giao-duc", "Giáo dục", [
        "giáo dục", "trường học", "học phí", "giáo viên", "học sinh", "sách giáo khoa",
        "thi tốt nghiệp", "bán trú", "điểm trường", "dạy thêm", "lớp học", "nhà trường",
        "tuyển sinh", "thầy cô", "con đi học"]),
    ("chinh-sach", "Chính sách", [
        "chính sách", "trợ cấp", "lương hưu", "hộ nghèo", "cận nghèo", "sáp nhập",
        "thủ tục hành chính", "bảo hiểm xã hội", "người có công", "hỗ trợ", "chế độ",
        "dịch vụ công", "căn cước", "định danh điện tử", "tinh giản", "cải cách tiền lương",
        "nghị quyết", "chính quyền hai cấp", "cán bộ"]),
    ("tin-gia", "Tin giả", [
        "*tin giả", "*tin đồn", "*sai sự thật", "*tung tin", "*bịa đặt", "*xuyên tạc",
        "lan truyền trên mạng", "mạng xã hội", "facebook", "zalo", "tiktok", "tin nhắn lạ",
        "*đồn rằng", "*đồn là", "nghe nói", "chia sẻ trên mạng", "clip"]),
]


def ensure_topics(topic_model: Any) -> int:
    """Create the seed topics missing from ``topic_model``'s table (idempotent; a topic
    already there keeps its edited name and phrases). Returns how many were made."""
    made = 0
    for position, (slug, name, phrases) in enumerate(SEED_TOPICS):
        _topic, created = topic_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "keywords": "\n".join(phrases),
                                 "position": position})
        made += created
    return made
