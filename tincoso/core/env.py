"""Typed readers for settings from the environment.

Each reader fails loudly with ImproperlyConfigured on a bad value, and every
``NAME`` may also be given as ``NAME_FILE`` holding the path of a file with the
value (for secrets mounted by the service manager).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is not None:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path} cannot be read: {exc}") from exc
    return None


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    low = value.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def kept_secret(path: Path) -> str:
    """A random secret generated once into ``path`` (mode 0600) and read from it after.

    Several processes starting at once (the app server's workers, the task worker)
    may all find no file: each writes its own candidate beside it and links it into
    place, which only the first achieves, so every one reads the same complete key
    and none ever reads a half-written (empty) file."""
    import contextlib
    import secrets
    import tempfile

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, candidate = tempfile.mkstemp(prefix=".secret-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secrets.token_urlsafe(64))
            os.chmod(candidate, 0o600)
            with contextlib.suppress(FileExistsError):  # another was first: its key it is
                os.link(candidate, path)
        finally:
            os.unlink(candidate)
    return path.read_text(encoding="utf-8").strip()
