"""Fixtures for document tests: the founding guidance as text and as a generated .docx."""

from __future__ import annotations

import io

import pytest

from tincoso.conftest import DOCUMENT_SAMPLE as SAMPLE


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def make_docx(text: str) -> bytes:
    """A .docx of the text: header in a two-column table as offices type it, then the body."""
    import docx

    lines = [line.replace("**", "").strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    document = docx.Document()
    left = [line for line in lines[:3] if "ĐẢNG CỘNG SẢN" not in line]
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "\n".join([*left[:2], "*", lines[4]])
    table.cell(0, 1).text = "\n".join(["ĐẢNG CỘNG SẢN VIỆT NAM", lines[5]])
    for line in lines[6:]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def sample_docx(sample_text: str) -> bytes:
    return make_docx(sample_text)
