"""The one error backup and restore raise: a bilingual message, nothing changed."""

from __future__ import annotations

from tincoso.core.errors import DomainError


class BackupError(DomainError):
    code = "backup"
