"""Nothing a person pastes makes the normaliser fail, and its output is always clean."""

from __future__ import annotations

import random
import unicodedata

import pytest

from tincoso.broadcast.reading import reading

ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
    "áàảãạấầẩẫậếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    "0123456789"
    * 3
    + " " * 8
    + ".,;:!?()[]\"“”‘’«»…/-–—_|%&+°²³'*#@$^=<>{}~`\\\t\n\r"
    + "\u0300\u0301\u200b\ufeff\u202e\x00\x07١٢٣🙂漢"
)


def random_strings(count: int, seed: int) -> list[str]:
    generator = random.Random(seed)
    return ["".join(generator.choices(ALPHABET, k=generator.randint(0, 80))) for _ in range(count)]


def clean(spoken: str) -> bool:
    return (
        spoken == spoken.lower()
        and spoken == unicodedata.normalize("NFC", spoken)
        and spoken == " ".join(spoken.split())
        and not spoken.startswith((",", "."))
    )


@pytest.mark.parametrize("seed", range(5))
def test_random_strings_give_clean_text_and_reading_it_again_changes_nothing(seed: int) -> None:
    for text in random_strings(400, seed):
        spoken = reading(text)
        assert isinstance(spoken, str)
        assert clean(spoken), (text, spoken)
        assert reading(spoken) == spoken, (text, spoken)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00",
        "<script>alert(1)</script>",
        "'; DROP TABLE items; --",
        "/" * 50,
        "-" * 50,
        "99h99 99:99 99/99/9999 0/0 00/00 32/13",
        "1.000.000.000.000.000.000.000 đồng",
        "3,14159265358979323846264338327950288419716939937510",
        "NĐ-CP-QĐ-TTg/////",
        "Ⅻ ⅻ ＵＢＮＤ",
    ],
)
def test_hostile_strings_are_read_without_error(text: str) -> None:
    assert clean(reading(text))


def test_a_number_too_long_to_say_is_read_digit_by_digit() -> None:
    assert reading("1234567890123456") == (
        "một hai ba bốn năm sáu bảy tám chín không một hai ba bốn năm sáu"
    )
    assert reading("999.999.999.999.999") == (
        "chín trăm chín mươi chín nghìn tỷ chín trăm chín mươi chín tỷ chín trăm chín mươi "
        "chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín"
    )


def test_a_very_long_text_is_read_whole() -> None:
    text = "Ngày 05/6/2017, UBND xã họp; " * 2000
    assert reading(text).count("ủy ban nhân dân") == 2000
