"""Loading millions of generated rows fast, for the benchmarks that need a big database.

Django's ``bulk_create`` builds one ``INSERT`` of a few thousand rows at a time and
prepares every value field by field; at a million rows that is most of a bench's
minutes. :func:`insert` takes the same unsaved instances and writes them with one
prepared statement (SQLite, ``executemany``) or ``COPY`` (PostgreSQL), converting
only the values the database cannot take as they are (dates, UUIDs, JSON).
Nothing here sends signals or counts tallies: load inside
``units.subtree_tallies.rebuilt_after()``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction

_PLAIN = (
    models.IntegerField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
)


def _converter(field: models.Field[Any, Any], vendor: str) -> Callable[[Any], Any] | None:
    if isinstance(field, models.JSONField):
        return json.dumps
    if isinstance(field, _PLAIN):
        return None
    if isinstance(field, models.DateTimeField):  # aware, as the project stores them
        return None if vendor == "postgresql" else _sqlite_datetime
    if isinstance(field, models.UUIDField):
        return None if vendor == "postgresql" else (lambda value: value.hex)
    if isinstance(field, models.DateField):
        return None if vendor == "postgresql" else (lambda value: value.isoformat())
    real = connections[DEFAULT_DB_ALIAS]
    return lambda value: field.get_db_prep_save(value, real)


def _sqlite_datetime(value: dt.datetime) -> str:
    """What Django's SQLite backend stores for an aware datetime: UTC, without a zone."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def insert(model: type[models.Model], objs: Iterable[models.Model]) -> int:
    """Write ``objs`` (unsaved, primary key left to the database); returns the count."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    names = [f.attname for f in fields]
    converters = [_converter(f, connection.vendor) for f in fields]
    convert = [(i, c) for i, c in enumerate(converters) if c is not None]

    def row(obj: models.Model) -> list[Any]:
        values = [getattr(obj, name) for name in names]
        for i, c in convert:
            if values[i] is not None:
                values[i] = c(values[i])
        return values

    table = model._meta.db_table
    rows = [row(o) for o in objs]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(f'"{c}"' for c in columns)
            with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            quoted = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'  # noqa: S608 (our table)
            cursor.cursor.executemany(sql, rows)
    return len(rows)
