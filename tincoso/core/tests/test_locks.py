"""The locks (requirements/*.lock) are what a fresh install gets: every package with
its hashes, and every pin of pyproject.toml at the same version, so two fresh
installs are the same and the locks cannot drift from what the project declares."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def pins(requirements: list[str]) -> dict[str, str]:
    out = {}
    for line in requirements:
        found = PIN.match(line.strip())
        assert found, f"not pinned exactly: {line!r}"
        out[_name(found.group(1))] = found.group(2)
    return out


def locked(path: Path) -> dict[str, str]:
    """Package → version of a lock, checking each entry carries at least one hash."""
    out: dict[str, str] = {}
    text = path.read_text(encoding="utf-8")
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text):
        first = entry.strip().splitlines()[0] if entry.strip() else ""
        found = PIN.match(first)
        if not found:
            continue
        assert "--hash=sha256:" in entry, f"{path.name}: {first} has no hash"
        out[_name(found.group(1))] = found.group(2)
    return out


def project(path: Path) -> dict[str, list[str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
    return {"app": data["dependencies"], **data.get("optional-dependencies", {})}


@pytest.mark.parametrize(("lock", "groups"), [
    ("app.lock", ["app"]),
    ("test.lock", ["app", "test"]),
])
def test_every_declared_pin_is_locked_at_the_same_version(lock: str, groups: list[str]) -> None:
    have = locked(ROOT / "requirements" / lock)
    declared = project(ROOT / "pyproject.toml")
    wanted = {n: v for g in groups for n, v in pins(declared[g]).items()}
    drift = {n: (v, have.get(n)) for n, v in wanted.items() if have.get(n) != v}
    assert not drift, f"pyproject pins vs {lock} (run `make lock`): {drift}"


def test_the_device_client_s_needs_are_in_the_test_lock() -> None:
    """The client declares ranges (a device box may have its own); the suite installs
    it from the test lock."""
    have = locked(ROOT / "requirements" / "test.lock")
    client = project(ROOT / "clients" / "tincoso-device" / "pyproject.toml")["app"]
    names = {_name(re.split(r"[<>=!~ ;\[]", raw.strip(), maxsplit=1)[0]) for raw in client}
    assert names and names <= set(have), names - set(have)


def test_the_app_lock_holds_no_test_tool() -> None:
    have = locked(ROOT / "requirements" / "app.lock")
    assert "pytest" not in have and "playwright" not in have
