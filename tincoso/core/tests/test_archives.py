"""core.archives: what an Office file may expand to, checked before parsing."""

from __future__ import annotations

import io
import zipfile

import pytest

from tincoso.core import archives
from tincoso.core.archives import ZipLimits


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in members.items():
            archive.writestr(name, payload)
    return out.getvalue()


def test_an_ordinary_archive_gives_its_member_names() -> None:
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert archives.inspect(data) == {"[Content_Types].xml", "word/document.xml"}


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04broken", b"plain text"])
def test_bytes_that_are_not_a_zip_are_told_apart(data: bytes) -> None:
    with pytest.raises(archives.NotAZip):
        archives.inspect(data)


@pytest.mark.parametrize(
    "members, limits, reason",
    [
        ({f"m{i}.xml": b"<a/>" for i in range(6)}, ZipLimits(max_members=5), "members"),
        ({"big.xml": b" " * 2000}, ZipLimits(max_part=1000), "part"),
        ({"a.xml": b" " * 600, "b.xml": b" " * 600}, ZipLimits(max_xml=1000), "xml"),
        # Pictures are not parsed but still count towards the total.
        ({"media/p.png": b"\0" * 2000}, ZipLimits(max_total=1000), "total"),
        (
            {"m.bin": b"\0" * 5000},
            ZipLimits(member_floor=1000, max_member_ratio=10),
            "member_ratio",
        ),
        (
            {f"m{i}.bin": b"\0" * 900 for i in range(20)},
            ZipLimits(member_floor=1000, ratio_floor=10_000, max_ratio=5),
            "ratio",
        ),
    ],
)
def test_each_limit_refuses_with_its_reason(
    members: dict[str, bytes], limits: ZipLimits, reason: str
) -> None:
    with pytest.raises(archives.ZipBomb) as caught:
        archives.inspect(_zip(members), limits)
    assert caught.value.reason == reason


def test_sizes_at_the_limits_pass() -> None:
    members = {"a.xml": b" " * 500, "b.xml": b" " * 500}
    assert archives.inspect(_zip(members), ZipLimits(max_part=500, max_xml=1000, max_members=2))
