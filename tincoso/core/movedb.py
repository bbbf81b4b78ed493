"""Move a commune's SQLite installation into a PostgreSQL database.

Every model's rows are copied with their ids, in one transaction on the target
(PostgreSQL checks the foreign keys Django creates at commit, so the order of the
tables does not matter); then each table's id sequence is set past the largest id,
and the rows of every table are counted on both sides. Any difference, or any
error, rolls the whole copy back. The target must be migrated to the same version
as the source, and hold no installation yet (``replace`` wipes one that does).
Media files are not in the database: copy MEDIA_ROOT (and ``private``) as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.utils import load_backend
from django.utils.translation import gettext_lazy as _

from tincoso.core.backup.errors import BackupError
from tincoso.core.backup.manifest import applied_migrations

SOURCE = "move_source"
BATCH = 2000


@dataclass(frozen=True)
class Count:
    table: str
    source: int
    target: int


def _models() -> list[type[models.Model]]:
    found = [m for m in apps.get_models(include_auto_created=True)
             if m._meta.managed and not m._meta.proxy]  # fmt: skip
    return sorted(found, key=lambda m: m._meta.db_table)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(16)


@contextmanager
def _source(path: Path) -> Iterator[str]:
    if not path.is_file() or _head(path) != b"SQLite format 3\x00":
        raise BackupError(_("%(name)s không phải tệp cơ sở dữ liệu SQLite."), name=str(path))
    settings = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    both = connections.configure_settings({"default": connections.settings["default"],
                                           SOURCE: settings})  # fmt: skip
    # A connection of this thread only, not a configured database of the installation.
    connections[SOURCE] = load_backend(settings["ENGINE"]).DatabaseWrapper(both[SOURCE], SOURCE)
    try:
        yield SOURCE
    finally:
        connections[SOURCE].close()
        del connections[SOURCE]


def _occupied(alias: str) -> bool:
    """An installation is there: someone or some unit already exists."""
    user = apps.get_model("core", "User")
    unit = apps.get_model("units", "Unit")
    return user.objects.using(alias).exists() or unit.objects.using(alias).exists()


def _copy(model: type[models.Model], source: str, target: str) -> None:
    """The stored values as they are, through PostgreSQL's COPY: no save(), no signals,
    no auto_now stamping (bulk_create would stamp "created at" with the time of the
    move), and about twice the rows a second of INSERTs (bench/ops.py)."""
    fields = model._meta.concrete_fields
    connection = connections[target]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(str(model._meta.db_table))
    rows = (
        model._base_manager.using(source)
        .order_by("pk")
        .values_list(*(f.attname for f in fields))
        .iterator(chunk_size=BATCH)
    )
    with connection.cursor() as cursor, cursor.cursor.copy(
        f"COPY {table} ({columns}) FROM STDIN"  # names from the models, quoted
    ) as copy:
        for row in rows:
            copy.write_row(
                [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
            )


def move(path: Path, *, replace: bool = False, target: str = "default") -> list[Count]:
    """Copy everything from the SQLite file at ``path``; the row counts per table."""
    if connections[target].vendor != "postgresql":
        raise BackupError(_("Cơ sở dữ liệu đích phải là PostgreSQL (DATABASE_URL)."))
    with _source(path) as source:
        if applied_migrations(source) != applied_migrations(target):
            raise BackupError(_("Hai cơ sở dữ liệu khác phiên bản: chạy \"tincoso manage "
                                "migrate\" cho cả hai với cùng phần mềm trước."))  # fmt: skip
        if _occupied(target) and not replace:
            raise BackupError(_("Cơ sở dữ liệu đích đã có dữ liệu: dùng --replace để xóa và "
                                "thay bằng dữ liệu nguồn."))  # fmt: skip
        everything = _models()
        tables = [m._meta.db_table for m in everything]
        with transaction.atomic(using=target), connections[target].cursor() as cursor:
            quoted = ", ".join(connections[target].ops.quote_name(t) for t in tables)
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
            for model in everything:
                _copy(model, source, target)
            for statement in connections[target].ops.sequence_reset_sql(no_style(), everything):
                cursor.execute(statement)
            counts = [Count(m._meta.db_table, m._base_manager.using(source).count(),
                            m._base_manager.using(target).count()) for m in everything]  # fmt: skip
            wrong = [c.table for c in counts if c.source != c.target]
            if wrong:
                raise BackupError(_("Số dòng không khớp sau khi chép: %(tables)s."),
                                  tables=", ".join(wrong))  # fmt: skip
    return counts
