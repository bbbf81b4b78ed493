"""``tincoso move-to-postgres``: the demo installation, loaded by ``tincoso demo`` into a
SQLite file, copied into the suite's PostgreSQL (scripts/with-postgres.sh)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from tincoso import search
from tincoso.cli import main
from tincoso.core.backup.errors import BackupError
from tincoso.core.movedb import move
from tincoso.units.models import Membership, Unit, UnitKind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A commune's installation: the demo, loaded the way an operator loads it."""
    folder = tmp_path_factory.mktemp("commune")
    database = folder / "tincoso.sqlite3"
    env = {key: value for key, value in os.environ.items()
           if key not in {"REDIS_URL", "S3_BUCKET", "TINCOSO_ENV"}}  # fmt: skip
    env |= {"DATABASE_URL": f"sqlite:///{database}", "TINCOSO_VAR_DIR": str(folder),
            "MEDIA_ROOT": str(folder / "media")}  # fmt: skip
    tincoso = str(Path(sys.executable).with_name("tincoso"))
    subprocess.run([tincoso, "manage", "migrate", "-v0"], env=env, check=True)
    subprocess.run([tincoso, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    return database


def rows(database: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as db:
        found = db.execute(sql).fetchall()
    db.close()
    return found


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="run with scripts/with-postgres.sh"
)


@postgres_only
def test_the_demo_moves_with_its_ids_relations_and_times(demo_sqlite: Path,
                                                         capsys: Any) -> None:  # fmt: skip
    assert main(["move-to-postgres", "--from", str(demo_sqlite)]) == 0
    out = capsys.readouterr().out
    assert "units_unit" in out and "Đã chép / copied" in out

    units = rows(demo_sqlite, "SELECT id, path, code FROM units_unit ORDER BY id")
    assert len(units) > 10
    assert list(Unit.objects.order_by("id").values_list("id", "path", "code")) == units
    members = rows(demo_sqlite, "SELECT u.username, n.code, m.role, m.created_at FROM "
                   "units_membership m JOIN core_user u ON u.id = m.user_id "
                   "JOIN units_unit n ON n.id = m.unit_id ORDER BY m.id")  # fmt: skip
    moved = [
        (m.user.username, m.unit.code, m.role, m.created_at)
        for m in Membership.objects.select_related("user", "unit").order_by("id")
    ]
    assert [m[:3] for m in moved] == [m[:3] for m in members]
    # "Created at" is the original time, not the time of the move.
    assert [m[3] for m in moved] == [datetime.fromisoformat(m[3] + "+00:00") for m in members]

    # The moved installation works: the portal shows the demo's news, search finds it
    # (the PostgreSQL index covers the copied rows), a demo officer's pages open.
    title = rows(demo_sqlite, "SELECT title FROM publishing_searchentry WHERE kind = 'item' "
                 "AND audience = 'public' ORDER BY published_at DESC LIMIT 1")[0][0]  # fmt: skip
    assert Client().get("/").status_code == 200
    assert title in [hit.title for hit in search.search(title).hits]
    officer = get_user_model().objects.get(username=members[0][0])
    client = Client()
    client.force_login(officer)
    assert client.get(reverse("dashboard")).status_code == 200

    # Sequences start past the copied ids.
    new = Unit.objects.add_root(dict(code="moi", name="Mới", kind=UnitKind.PROVINCE))
    assert new.pk > max(u[0] for u in units)


@postgres_only
def test_an_occupied_target_is_refused_unless_replace_is_asked(demo_sqlite: Path) -> None:
    move(demo_sqlite)
    Unit.objects.add_root(dict(code="da-co", name="Đã có", kind=UnitKind.PROVINCE))
    with pytest.raises(CommandError) as caught:
        call_command("move_to_postgres", "--from", str(demo_sqlite))
    assert "đã có dữ liệu" in str(caught.value) and "already holds data" in str(caught.value)
    assert Unit.objects.filter(code="da-co").exists()  # nothing changed
    counts = move(demo_sqlite, replace=True)
    assert not Unit.objects.filter(code="da-co").exists()
    assert all(c.source == c.target for c in counts)
    assert {c.table for c in counts if c.source} >= {"units_unit", "core_user",
                                                     "units_membership"}  # fmt: skip


def test_what_is_not_a_sqlite_file_or_not_postgresql_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database")
    with pytest.raises(BackupError) as caught:
        move(junk)
    message = caught.value.in_both_languages()
    if connection.vendor == "postgresql":
        assert "không phải tệp cơ sở dữ liệu SQLite" in message and "not a SQLite" in message
    else:
        assert "phải là PostgreSQL" in message and "must be PostgreSQL" in message
