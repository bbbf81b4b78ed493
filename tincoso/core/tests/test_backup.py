"""``tincoso backup`` / ``tincoso restore`` on the suite's database (SQLite, or PostgreSQL
under scripts/with-postgres.sh): a round trip, a backup taken while the app writes,
and archives refused with a bilingual message that change nothing."""

from __future__ import annotations

import io
import json
import tarfile
import threading
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.db import connections as db_connections

from tincoso.cli import main
from tincoso.core.backup import archive
from tincoso.core.backup.errors import BackupError
from tincoso.core.backup.manifest import sha256
from tincoso.core.mediastore import private_root
from tincoso.documents.models import Document
from tincoso.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db(transaction=True)
User = get_user_model()


def rewrite(source: Path, target: Path, change: Any) -> None:
    """Copy an archive, passing each member's (name, bytes) through ``change``."""
    with tarfile.open(source, "r:*") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            handle = old.extractfile(member)
            data = handle.read() if handle else b""
            name, data = change(member.name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def test_a_backup_restores_the_database_and_the_media(tree: dict[str, Unit], tmp_path: Path,
                                                      capsys: Any) -> None:  # fmt: skip
    doc = Document(unit=tree["commune"], file_name="kh.txt")
    doc.file.save("kh.txt", ContentFile(b"ke hoach thang 12"), save=True)
    photo = private_root() / "feedback" / "anh.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 anh")
    target = tmp_path / "sao-luu.tar.gz"
    assert main(["backup", str(target)]) == 0
    assert "sao-luu.tar.gz" in capsys.readouterr().out

    with tarfile.open(target) as tar:
        content = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert content["engine"] == connection.vendor
    assert f"media/{doc.file.name}" in content["files"] and "private/feedback/anh.jpg" in content[
        "files"]  # fmt: skip
    assert content["migrations"] and content["tincoso_version"] and content["django_version"]

    # What happens after the backup is undone by the restore.
    Unit.objects.add_root(dict(code="after", name="Sau sao lưu", kind=UnitKind.PROVINCE))
    Path(doc.file.path).write_bytes(b"changed")
    photo.unlink()
    later = Path(doc.file.path).with_name("sau.txt")
    later.write_bytes(b"written after the backup")
    assert main(["restore", str(target)]) == 0
    assert not later.exists()  # the media folder holds what the archive holds, no more
    assert not Unit.objects.filter(code="after").exists()
    assert Unit.objects.filter(code="village").exists()
    assert Document.objects.get(pk=doc.pk).file.read() == b"ke hoach thang 12"
    assert photo.read_bytes() == b"\xff\xd8 anh"


def test_a_backup_taken_while_the_app_writes_is_consistent(db: Any, tmp_path: Path) -> None:
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                user = User.objects.create(username=f"w{len(written)}", email="w@x.invalid")
                written.append(user.pk)
        finally:
            db_connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            threading.Event().wait(0.01)
        before = len(written)
        archive.create(tmp_path / "live.tar.gz")
        during = len(written)
        while len(written) < during + 20:  # the writer was never held up for long
            threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join()
    assert len(written) > during
    archive.restore(tmp_path / "live.tar.gz")
    restored = sorted(User.objects.filter(username__startswith="w").values_list("pk", flat=True))
    # A snapshot: the users written before it, in order, each whole, none from after.
    assert before <= len(restored) <= during
    assert restored == sorted(written)[: len(restored)]
    assert all(u.email == "w@x.invalid" for u in User.objects.filter(pk__in=restored))


def refused(path: Path) -> str:
    with pytest.raises(BackupError) as caught:
        archive.restore(path)
    return caught.value.in_both_languages()


def flip_database_byte(name: str, data: bytes) -> tuple[str, bytes]:
    return (name, data[:-1] + bytes([data[-1] ^ 1])) if name.startswith("database.") else (
        name, data)  # fmt: skip


def other_engine(name: str, data: bytes) -> tuple[str, bytes]:
    return name, data.replace(b'"engine": "', b'"engine": "x') if name == "manifest.json" else data


def newer_version(name: str, data: bytes) -> tuple[str, bytes]:
    later = b'"migrations": [\n  "core.9999_later",'
    return name, data.replace(b'"migrations": [', later) if name == "manifest.json" else data


def stray_file(name: str, data: bytes) -> tuple[str, bytes]:
    return ("media/stray.txt" if name.startswith("database.") else name), data


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (flip_database_byte, ("bị hỏng", "damaged")),
        (stray_file, ("bị hỏng", "damaged")),
        (other_engine, ("không khôi phục được", "cannot be restored")),
        (newer_version, ("phiên bản mới hơn", "newer version")),
    ],
)
def test_a_damaged_or_mismatched_archive_is_refused_and_changes_nothing(
    tree: dict[str, Unit], tmp_path: Path, change: Any, words: tuple[str, str]
) -> None:
    good, bad = tmp_path / "good.tar.gz", tmp_path / "bad.tar.gz"
    archive.create(good)
    rewrite(good, bad, change)
    Unit.objects.add_root(dict(code="kept", name="Giữ nguyên", kind=UnitKind.PROVINCE))
    message = refused(bad)
    assert words[0] in message and words[1] in message
    assert Unit.objects.filter(code="kept").exists()


def test_a_file_that_is_no_archive_is_refused_in_both_languages(db: Any, tmp_path: Path,
                                                                capsys: Any) -> None:  # fmt: skip
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive at all")
    assert main(["restore", str(junk)]) == 1
    err = capsys.readouterr().err
    assert "không phải bản sao lưu" in err and "not a Tin Cơ Sở backup" in err
    assert main(["restore", str(tmp_path / "missing.tar.gz")]) == 1
    assert sha256(junk)  # the file itself is left alone


def test_a_backup_into_a_missing_folder_is_refused_in_both_languages(
    db: Any, tmp_path: Path, capsys: Any
) -> None:
    assert main(["backup", str(tmp_path / "no-such-folder" / "b.tar.gz")]) == 1
    err = capsys.readouterr().err
    assert "Không có thư mục" in err and "There is no folder" in err


def test_with_media_on_s3_the_archive_holds_the_database_only(
    tree: dict[str, Unit], tmp_path: Path, settings: Any
) -> None:
    """The bucket keeps its own copies (versioning, replication); an archive made so is
    not restored where media are on disk, where it would leave the files behind."""
    on_disk = settings.STORAGES
    (Path(settings.MEDIA_ROOT) / "left.txt").write_bytes(b"on disk")
    settings.STORAGES = {**on_disk, "default": {"BACKEND": "storages.backends.s3.S3Storage",
                                                "OPTIONS": {"bucket_name": "b"}}}  # fmt: skip
    content = archive.create(tmp_path / "s3.tar.gz")
    assert content["media"] == "s3"
    suffix = "pgdump" if connection.vendor == "postgresql" else "sqlite3"
    assert list(content["files"]) == [f"database.{suffix}"]
    settings.STORAGES = on_disk
    message = refused(tmp_path / "s3.tar.gz")
    assert "ổ đĩa / S3" in message and "different places" in message


def test_a_file_gone_while_the_media_are_copied_is_left_out(db: Any, tmp_path: Path,
                                                            settings: Any) -> None:  # fmt: skip
    """What a dangling link stands for: listed, then not there (a draft discarded
    while the backup runs). The backup goes on without it."""
    media = Path(settings.MEDIA_ROOT)
    (media / "kept.txt").write_bytes(b"kept")
    (media / "gone.pdf").symlink_to(media / "deleted-meanwhile.pdf")
    content = archive.create(tmp_path / "b.tar.gz")
    assert "media/kept.txt" in content["files"] and "media/gone.pdf" not in content["files"]
