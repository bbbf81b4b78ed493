"""Classes found by the third blind tester's probing after the blind batch (40/40):
shares and counts written like dates, per-units, numbered roads and alarm levels,
temperatures below zero and map scales. Each class has its near misses beside it,
so a rule that grows too eager fails here."""

from __future__ import annotations

import pytest

from tincoso.broadcast.reading import reading


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        # a share of a whole: "phần", April's "tư" for a quarter
        ("trên 2/3 tổng số đại biểu tán thành", "trên hai phần ba tổng số đại biểu tán thành"),
        ("quá 1/2 số cử tri đi bầu", "quá một phần hai số cử tri đi bầu"),
        ("chiếm 1/4 dân số", "chiếm một phần tư dân số"),
        ("khoảng 3/4 diện tích bị ngập", "khoảng ba phần tư diện tích bị ngập"),
        # a count out of a total: "trên", as "19/19 tiêu chí" always was
        ("xã đạt 3/5 tiêu chí", "xã đạt ba trên năm tiêu chí"),
        ("hoàn thành 10/12 chỉ tiêu", "hoàn thành mười trên mười hai chỉ tiêu"),
        ("có 2/8 thôn bị chia cắt", "có hai trên tám thôn bị chia cắt"),
        # dates stay dates, whatever follows
        ("Ngày 2/9 người dân nghỉ lễ", "ngày hai tháng chín người dân nghỉ lễ"),
        ("sáng 1/3 số hộ còn lại họp", "sáng một tháng ba số hộ còn lại họp"),
        ("từ 1/5 đến 3/5 các xã ra quân", "từ một tháng năm đến ba tháng năm các xã ra quân"),
        ("2/9 là ngày Quốc khánh", "hai tháng chín là ngày quốc khánh"),
    ],
)
def test_a_share_or_a_count_is_not_a_date(text: str, spoken: str) -> None:
    assert reading(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("gió mạnh 15 m/s", "gió mạnh mười lăm mét trên giây"),
        ("mưa 20-40 mm/24h", "mưa hai mươi đến bốn mươi mi li mét trên hai mươi tư giờ"),
        ("mật độ 120 người/km2", "mật độ một trăm hai mươi người một ki lô mét vuông"),
        ("hỗ trợ 10kg gạo/khẩu/tháng", "hỗ trợ mười ki lô gam gạo một khẩu một tháng"),
        ("giá nước 15.000 đồng/m3", "giá nước mười lăm nghìn đồng một mét khối"),
        ("giá 1.984 đồng/kWh", "giá một nghìn chín trăm tám mươi tư đồng một ki lô oát giờ"),
        ("giá 2 USD/kg", "giá hai đô la mỹ một ki lô gam"),
        ("trực 24/24h", "trực hai mươi tư trên hai mươi tư giờ"),
        # an exchange rate stays "trên"; two words against each other stay a pause
        ("tỷ giá 25.000 đồng/USD", "tỷ giá hai mươi lăm nghìn đồng trên đô la mỹ"),
        ("kính mời ông/bà", "kính mời ông, bà"),
    ],
)
def test_a_per_slash_between_a_quantity_and_a_unit(text: str, spoken: str) -> None:
    assert reading(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("sạt lở trên QL6 và QL.4D", "sạt lở trên quốc lộ sáu và quốc lộ bốn dê"),
        ("ngập sâu tại ĐT.279", "ngập sâu tại đường tỉnh hai trăm bảy mươi chín"),
        ("mực nước trên BĐ2 0,25 m", "mực nước trên báo động hai không phẩy hai mươi lăm mét"),
        ("đạt mức BĐ3", "đạt mức báo động ba"),
        # the same groups elsewhere read as before
        ("Ban QL dự án", "ban quản lý dự án"),
        ("ĐT: 0912.345.678", "điện thoại, không chín một hai, ba bốn năm, sáu bảy tám"),
    ],
)
def test_a_group_glued_to_a_number_names_a_numbered_thing(text: str, spoken: str) -> None:
    assert reading(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("nhiệt độ -2°C đến 3°C", "nhiệt độ âm hai độ xê đến ba độ xê"),
        ("có nơi dưới -1°C", "có nơi dưới âm một độ xê"),
        ("nhiệt độ 3-6°C", "nhiệt độ ba đến sáu độ xê"),  # a range, not below zero
        ("bản đồ tỷ lệ 1:2000", "bản đồ tỷ lệ một trên hai nghìn"),
        ("bản đồ tỷ lệ 1/500", "bản đồ tỷ lệ một trên năm trăm"),
        ("Thời gian: 14:00", "thời gian, mười bốn giờ"),  # a colon elsewhere is a pause
        ("giấy CNQSDĐ", "giấy chứng nhận quyền sử dụng đất"),
    ],
)
def test_below_zero_map_scales_and_land_papers(text: str, spoken: str) -> None:
    assert reading(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("phạt từ 800.000đ - 1.000.000đ", "phạt từ tám trăm nghìn đồng đến một triệu đồng"),
        ("dài 2 km - 3 km", "dài hai ki lô mét đến ba ki lô mét"),
        ("từ 3 ha – 5 ha", "từ ba héc ta đến năm héc ta"),
        ("cao 150 m - Đoạn qua xã", "cao một trăm năm mươi mét, đoạn qua xã"),  # not a range
        ("có 5 hộ - 10 người", "có năm hộ, mười người"),  # "hộ" counts, it is no unit
    ],
)
def test_a_dash_between_two_amounts_with_their_units_is_a_range(text: str, spoken: str) -> None:
    assert reading(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        (
            "Nguyễn Văn Hùng, SN 1985, trú tại thôn 2",
            "nguyễn văn hùng, sinh năm một nghìn chín trăm tám mươi lăm, trú tại thôn hai",
        ),
        ("SN 12 đường Lê Lợi", "số nhà mười hai đường lê lợi"),
        ("nộp thuế SDĐPNN", "nộp thuế sử dụng đất phi nông nghiệp"),
    ],
)
def test_sn_before_a_year_and_land_tax(text: str, spoken: str) -> None:
    assert reading(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("trẻ em từ 6 tháng - 5 tuổi", "trẻ em từ sáu tháng đến năm tuổi"),
        ("trong 5 năm - từ 2021", "trong năm năm, từ hai nghìn không trăm hai mươi mốt"),
        ("40% lương cơ sở/học sinh/tháng", "bốn mươi phần trăm lương cơ sở một học sinh một tháng"),
        ("nhà trường/người đứng đầu", "nhà trường, người đứng đầu"),  # "or", not "per"
        ("gọi 1022 để phản ánh", "gọi một không hai hai để phản ánh"),
        ("tổng đài 1022", "tổng đài một không hai hai"),
        ("Quyết định số 1022", "quyết định số một nghìn không trăm hai mươi hai"),
        ("nước CHXHCN Việt Nam", "nước cộng hòa xã hội chủ nghĩa việt nam"),
    ],
)
def test_age_ranges_per_chains_and_service_numbers(text: str, spoken: str) -> None:
    assert reading(text) == spoken
