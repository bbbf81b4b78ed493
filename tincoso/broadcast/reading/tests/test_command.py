"""``tincoso normalise`` as another program runs it: a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

COMMAND = [sys.executable, "-m", "tincoso.cli", "normalise"]


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*COMMAND, *args], input=stdin, capture_output=True, timeout=60)


def test_sentences_on_standard_input_come_back_as_json_lines() -> None:
    result = run(stdin="Gọi 113\nUBND xã họp lúc 7h30.\n".encode())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"text": "Gọi 113", "reading": "gọi một một ba"},
        {
            "text": "UBND xã họp lúc 7h30.",
            "reading": "ủy ban nhân dân xã họp lúc bảy giờ ba mươi phút.",
        },
    ]
    assert "ủy ban" in lines[1]  # not escaped as \\u1ee7


def test_files_are_read_in_turn_one_object_per_line(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("khóa XII\n\nTT. HĐND\n", encoding="utf-8")
    second.write_bytes("\ufeff24/7".encode())
    result = run(str(first), str(second))
    assert result.returncode == 0, result.stderr
    readings = [json.loads(line)["reading"] for line in result.stdout.decode().splitlines()]
    assert readings == [
        "khóa mười hai",
        "",
        "thường trực hội đồng nhân dân",
        "hai mươi tư trên bảy",
    ]


def test_a_file_that_is_not_utf8_is_refused_in_both_languages_and_nothing_is_printed(
    tmp_path: Path,
) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("UBND\n", encoding="utf-8")
    bad.write_bytes("Ủy ban".encode("utf-16"))
    result = run(str(good), str(bad))
    assert result.returncode == 1
    assert result.stdout == b""
    message = result.stderr.decode()
    assert "không phải văn bản UTF-8" in message and "not UTF-8 text" in message


def test_a_missing_file_is_refused_in_both_languages(tmp_path: Path) -> None:
    result = run(str(tmp_path / "absent.txt"))
    assert result.returncode == 1
    assert "không có tệp này" in result.stderr.decode() and "no such file" in result.stderr.decode()
