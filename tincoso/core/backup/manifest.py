"""The archive's manifest: what it holds, from which versions, with checksums."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import django
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.backup.errors import BackupError

FORMAT = "tincoso-backup"
FORMAT_VERSION = 1


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def applied_migrations(alias: str = "default") -> list[str]:
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.applied_migrations)


def known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def build(engine: str, files: dict[str, Path], media: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": clock.now().isoformat(),
        "tincoso_version": version("tincoso"),
        "django_version": django.get_version(),
        "engine": engine,
        "media": media,
        "migrations": applied_migrations(),
        "files": {
            name: {"size": p.stat().st_size, "sha256": sha256(p)}
            for name, p in sorted(files.items())
        },
    }


def check(manifest: Any, engine: str, folder: Path) -> None:
    """Refuse an archive that is not ours, is damaged, or does not fit this installation."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("Tệp này không phải bản sao lưu của Tin Cơ Sở."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(_("Bản sao lưu có định dạng %(found)s, phần mềm này đọc định dạng "
                            "%(known)s."), found=manifest.get("format_version"),
                          known=FORMAT_VERSION)  # fmt: skip
    if manifest.get("engine") != engine:
        raise BackupError(_("Bản sao lưu của cơ sở dữ liệu %(found)s, không khôi phục được vào "
                            "%(here)s (để chuyển SQLite sang PostgreSQL: tincoso "
                            "move-to-postgres)."), found=manifest.get("engine"),
                          here=engine)  # fmt: skip
    newer = sorted(set(manifest.get("migrations", [])) - known_migrations())
    if newer:
        raise BackupError(
            _(
                "Bản sao lưu từ phiên bản mới hơn phần mềm này (%(which)s): hãy "
                "cập nhật phần mềm trước."
            ),
            which=", ".join(newer[:3]),
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise BackupError(_("Bản sao lưu bị hỏng: %(name)s."), name="manifest.json")
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    present.discard("manifest.json")
    for name in sorted(present ^ set(files)):
        raise BackupError(_("Bản sao lưu bị hỏng: %(name)s."), name=name)
    for name, entry in files.items():
        path = folder / name
        if path.stat().st_size != entry.get("size") or sha256(path) != entry.get("sha256"):
            raise BackupError(_("Bản sao lưu bị hỏng: %(name)s."), name=name)
