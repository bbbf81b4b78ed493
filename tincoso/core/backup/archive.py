"""Write a backup archive; check one and restore it (all checks before any change)."""

from __future__ import annotations

import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from tincoso.core.backup import database, manifest
from tincoso.core.backup.errors import BackupError
from tincoso.core.mediastore import on_s3, private_root


def _media_folders() -> dict[str, Path]:
    """The media folders on disk by their name in the archive (none when media are on S3:
    the store keeps its own copies, versioning or replication)."""
    if on_s3():
        return {}
    return {"media": Path(settings.MEDIA_ROOT), "private": private_root()}


def _snapshot(source: Path, target: Path) -> None:
    """Media files are written once and never changed in place: hard links (a copy
    across file systems) freeze the folder as it is now. It is taken after the database
    copy, so a file uploaded meanwhile is there unreferenced, which is harmless."""

    def link(src: str, dst: str) -> Any:
        try:
            os.link(src, dst)
        except FileNotFoundError:
            pass  # deleted since the folder was listed (a discarded draft): not kept
        except OSError:
            shutil.copy2(src, dst)
        return dst

    shutil.copytree(source, target, copy_function=link)


def _work_dir() -> str | None:
    """Beside the media folder (same disk: hard links work, the restored files are put in
    place by renames, and a small /tmp is not filled); the system's otherwise."""
    parent = Path(settings.MEDIA_ROOT).parent
    return str(parent) if not on_s3() and parent.is_dir() else None


def create(target: Path) -> dict[str, Any]:
    """Write the archive to ``target`` and return its manifest."""
    kind = database.engine()
    if not target.parent.is_dir():
        raise BackupError(_("Không có thư mục %(name)s."), name=str(target.parent))
    with tempfile.TemporaryDirectory(prefix="tincoso-backup-", dir=_work_dir()) as work:
        folder = Path(work)
        files = {database.FILENAMES[kind]: folder / database.FILENAMES[kind]}
        database.dump(files[database.FILENAMES[kind]])
        for name, root in _media_folders().items():
            if root.is_dir():
                _snapshot(root, folder / name)
        for path in folder.rglob("*"):
            if path.is_file():
                files[str(path.relative_to(folder))] = path
        content = manifest.build(kind, files, "s3" if on_s3() else "files")
        (folder / "manifest.json").write_text(json.dumps(content, indent=1), encoding="utf-8")
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
            tar.add(folder / "manifest.json", "manifest.json")
            for name in sorted(files):
                tar.add(files[name], name)
        partial.replace(target)
    return content


def _unpack(source: Path, folder: Path) -> dict[str, Any]:
    try:
        with tarfile.open(source, "r:*") as tar:
            members = tar.getmembers()
            if any(not (m.isfile() or m.isdir()) for m in members):
                raise BackupError(_("Bản sao lưu bị hỏng: %(name)s."), name=source.name)
            tar.extractall(folder, filter="data")
        content = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, tarfile.TarError, EOFError, ValueError) as exc:
        raise BackupError(_("Tệp này không phải bản sao lưu của Tin Cơ Sở.")) from exc
    return content if isinstance(content, dict) else {}


def _replace_folder(new: Path, root: Path) -> None:
    """``root`` holds exactly what ``new`` holds, emptied and refilled in place (so a
    media folder that is a volume of its own, which cannot be renamed, works too)."""
    root.mkdir(parents=True, exist_ok=True)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if new.is_dir():
        for child in new.iterdir():
            shutil.move(str(child), str(root / child.name))


def restore(source: Path) -> dict[str, Any]:
    """Put the archive's database and media in place; refuse (changing nothing) an
    archive that is damaged, from another engine or from a newer version."""
    kind = database.engine()
    if not source.is_file():
        raise BackupError(_("Không có tệp %(name)s."), name=str(source))
    with tempfile.TemporaryDirectory(prefix="tincoso-restore-", dir=_work_dir()) as work:
        folder = Path(work)
        content = _unpack(source, folder)
        manifest.check(content, kind, folder)
        if content.get("media") != ("s3" if on_s3() else "files"):
            raise BackupError(_("Bản sao lưu và nơi này giữ tệp đính kèm khác nhau (ổ đĩa / S3)."))
        dump = folder / database.FILENAMES[kind]
        database.check_dump(dump, kind)
        database.load(dump)
        for name, root in _media_folders().items():
            _replace_folder(folder / name, root)
    # An archive from an older version: bring its schema up to this one.
    call_command("migrate", interactive=False, verbosity=0)
    return content
