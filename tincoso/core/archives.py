"""How much an Office file (.docx, .xlsx: a ZIP of XML parts) may expand to.

python-docx and openpyxl parse XML parts whole into memory: a small upload can
hold parts that inflate to hundreds of megabytes (a 510 KB .xlsx with eight
million shared strings took 71 s of CPU and 1.8 GB; a 545 KB .docx with 190
headers of about 1 MiB each took 500 MB). What matters is therefore what the
archive expands to, checked before any parser opens it:

- the number of members;
- each member's compression ratio, once it is past ``member_floor`` (a 40 KB
  styles.xml that compresses 250:1 is harmless);
- each XML part's size, and the sum of all XML parts (what gets parsed);
- the whole archive's expansion: total uncompressed size over the upload's size.
  Real Office files compress 5–30 times; beyond ``max_ratio`` (once the total is
  past ``ratio_floor``, so small, very regular files pass) it is a bomb.

The sizes read are those declared in the central directory. They can lie, but
zipfile never inflates a member beyond its declared size (it fails the CRC check
instead), so they are a safe upper bound.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 1000
    max_part: int = 32 * MIB  # one XML part
    max_xml: int = 64 * MIB  # all XML parts together
    max_total: int = 200 * MIB  # everything, pictures included
    max_ratio: int = 100  # total uncompressed size / upload size
    ratio_floor: int = 32 * MIB
    max_member_ratio: int = 200
    member_floor: int = MIB


class NotAZip(Exception):
    """The bytes are not a readable ZIP archive."""


class ZipBomb(Exception):
    """The archive would expand beyond the limits; ``reason`` says which one."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml"))


def inspect(data: bytes, limits: ZipLimits = ZipLimits()) -> set[str]:
    """The member names of a ZIP that stays within ``limits``.

    Raises :class:`NotAZip` for bytes zipfile cannot read and :class:`ZipBomb`
    for an archive that would expand too far."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise NotAZip(str(exc)) from exc
    with archive:
        members = archive.infolist()
    if len(members) > limits.max_members:
        raise ZipBomb("members")
    total = xml = 0
    for member in members:
        total += member.file_size
        if member.file_size >= limits.member_floor and member.file_size > (
            limits.max_member_ratio * max(member.compress_size, 1)
        ):
            raise ZipBomb("member_ratio")
        if _is_xml(member.filename):
            if member.file_size > limits.max_part:
                raise ZipBomb("part")
            xml += member.file_size
    if xml > limits.max_xml:
        raise ZipBomb("xml")
    if total > limits.max_total:
        raise ZipBomb("total")
    if total > limits.ratio_floor and total > limits.max_ratio * max(len(data), 1):
        raise ZipBomb("ratio")
    return {m.filename for m in members}
