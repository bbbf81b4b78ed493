"""The production profile: hardened, secrets required, deploy check clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def run_manage(
    env_extra: dict[str, str], *args: str, tmp: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"TINCOSO_VAR_DIR": str(tmp), "DJANGO_SETTINGS_MODULE": "tincoso.settings"})
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "tincoso.cli", "manage", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PROD = {
    "TINCOSO_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "z" * 20,
    "ALLOWED_HOSTS": "tin.example.vn",
}


def test_the_deploy_check_is_clean_in_production(tmp_path: Path) -> None:
    result = run_manage(PROD, "check", "--deploy", "--fail-level", "WARNING", tmp=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr and "System check identified no issues" in (
        result.stdout + result.stderr
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in PROD.items() if k != "SECRET_KEY"}
    result = run_manage(env, "check", tmp=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    env = {k: v for k, v in PROD.items() if k != "ALLOWED_HOSTS"}
    result = run_manage(env, "check", tmp=tmp_path)
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_debug(tmp_path: Path) -> None:
    result = run_manage(PROD | {"DEBUG": "1"}, "check", tmp=tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DEBUG" in result.stderr
    assert run_manage(PROD | {"DEBUG": "0"}, "check", tmp=tmp_path).returncode == 0


def test_a_bad_boolean_in_the_environment_fails_loudly(tmp_path: Path) -> None:
    result = run_manage({"DEBUG": "maybe"}, "check", tmp=tmp_path)
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_development_generates_a_secret_key_once_and_keeps_it(tmp_path: Path) -> None:
    assert run_manage({}, "check", tmp=tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert run_manage({}, "check", tmp=tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_secrets_can_come_from_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text(PROD["SECRET_KEY"])
    env = {k: v for k, v in PROD.items() if k != "SECRET_KEY"} | {"SECRET_KEY_FILE": str(secret)}
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING", tmp=tmp_path)
    assert result.returncode == 0, result.stderr


def test_time_and_language_are_vietnamese_first() -> None:
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the WAL pragma is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory"; check the setting.
    assert mode in {"wal", "memory"}
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


def test_the_real_password_hasher_is_argon2() -> None:
    import tincoso.settings as real

    assert real.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_passwords_are_stored_as_argon2(settings) -> None:  # type: ignore[no-untyped-def]
    import tincoso.settings as real
    from tincoso.conftest import make_user

    settings.PASSWORD_HASHERS = real.PASSWORD_HASHERS
    user = make_user("hashed")
    assert user.password.startswith("argon2$")


def _read_key(path: str) -> str:
    from tincoso.core.env import kept_secret

    return kept_secret(Path(path))


def test_processes_starting_together_share_one_complete_key(tmp_path: Path) -> None:
    """The app server's workers and the task worker start at once on a fresh var/:
    before, one could read the file another had just created empty (SECRET_KEY "")."""
    from concurrent.futures import ProcessPoolExecutor

    for attempt in range(5):
        path = tmp_path / f"run-{attempt}" / "secret_key"
        with ProcessPoolExecutor(max_workers=8) as pool:
            keys = set(pool.map(_read_key, [str(path)] * 32))
        assert len(keys) == 1 and len(keys.pop()) >= 50
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert [p.name for p in path.parent.iterdir()] == ["secret_key"]  # no leftovers
