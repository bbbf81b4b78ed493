"""Long-running loops (the scheduler, the uplink worker) outlive the database
restarting: a turn that finds it away is logged and given up, and the connection
is closed so that the next turn connects again. The loop never dies of it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

from tincoso.core.unavailable import OUTAGES

# Django's own errors and the driver's that escape unwrapped (core.unavailable).
AWAY = (DatabaseError, *OUTAGES)


@contextmanager
def database_waited_out(logger: logging.Logger, worker: str) -> Iterator[None]:
    """One turn of ``worker``'s loop; the database away ends the turn quietly."""
    try:
        yield
    except AWAY as error:
        logger.warning("%s: database unavailable, trying again: %s", worker, error)
        connection.close()
