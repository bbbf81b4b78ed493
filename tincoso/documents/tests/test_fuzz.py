"""Property-based fuzzing (Hypothesis): random and mutated bytes never crash the
extractor, random text never crashes the parser. A bad file is an ExtractionError
with a bilingual message, never another exception. Bounded and derandomized, so
the run is the same each time; OCR is off (speed), the PDF, .docx and text paths
are all exercised."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tincoso.core.text import fold
from tincoso.documents.extraction import ExtractionError, extract_text
from tincoso.documents.parser.grammar import parse_text
from tincoso.documents.tests.pdf_builder import Page, build_pdf
from tincoso.documents.tests.test_extract import make_docx

BOUNDED = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

HEADER = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "TỈNH ỦY LAI CHÂU",
    "Số 30-HD/BTG          Lai Châu, ngày 05 tháng 6 năm 2024",
    "HƯỚNG DẪN",
    "công tác thông tin cơ sở",
]
# The test PDF builder writes WinAnsi text only: the PDF seed's header is unaccented.
PDF_LINES = [fold(line).upper() for line in HEADER]
SEEDS = {
    "a.pdf": build_pdf(
        [Page(texts=[(72, 760 - 20 * i, line) for i, line in enumerate(PDF_LINES)])]
    ),
    "a.docx": make_docx(HEADER),
    "a.txt": "\n".join(HEADER).encode("utf-8"),
}


def _survives(data: bytes, name: str) -> None:
    try:
        result = extract_text(data, name, ocr=False)
    except ExtractionError as error:
        both = error.bilingual()
        assert both["vi"] and both["en"]
    else:
        assert isinstance(result.text, str) and result.text
        parse_text(result.text)


@BOUNDED
@given(data=st.binary(max_size=4096), name=st.sampled_from([*sorted(SEEDS), "a.png"]))
def test_random_bytes_never_crash_the_extractor(data: bytes, name: str) -> None:
    _survives(data, name)


@BOUNDED
@given(
    name=st.sampled_from(sorted(SEEDS)),
    edits=st.lists(
        st.tuples(st.floats(0, 1, allow_nan=False), st.integers(0, 255)), min_size=1, max_size=12
    ),
    cut=st.floats(0.05, 1, allow_nan=False),
)
def test_mutated_real_files_never_crash_the_extractor(
    name: str, edits: list[tuple[float, int]], cut: float
) -> None:
    data = bytearray(SEEDS[name])
    for where, value in edits:
        data[min(int(where * len(data)), len(data) - 1)] = value
    _survives(bytes(data[: max(1, int(cut * len(data)))]), name)


@BOUNDED
@given(text=st.text(max_size=2000))
def test_random_text_never_crashes_the_parser(text: str) -> None:
    parsed = parse_text(text)
    assert parsed is not None


@BOUNDED
@given(
    lines=st.lists(
        st.one_of(st.sampled_from(HEADER), st.text(max_size=80)), min_size=1, max_size=40
    )
)
def test_shuffled_header_lines_never_crash_the_parser(lines: list[str]) -> None:
    parse_text("\n".join(lines))
