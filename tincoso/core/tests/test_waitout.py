"""core.waitout: a loop's turn that loses its database connection (closed under it,
as a restarting server does) is logged and ended, and the next turn reconnects; any
other error is not hidden."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.db import connection

from tincoso.core.models import PeriodicRun
from tincoso.core.waitout import database_waited_out

log = logging.getLogger("test-worker")


def test_a_lost_connection_ends_the_turn_and_the_next_one_reconnects(
    transactional_db: Any, caplog: pytest.LogCaptureFixture
) -> None:
    PeriodicRun.objects.count()
    connection.connection.close()  # the server went away under an open connection
    reached = False
    with database_waited_out(log, "test worker"):
        PeriodicRun.objects.count()
        reached = True
    assert not reached
    assert "test worker: database unavailable, trying again" in caplog.text
    with database_waited_out(log, "test worker"):
        assert PeriodicRun.objects.count() == 0  # connected again
    assert caplog.text.count("database unavailable") == 1


def test_a_bug_in_the_turn_is_not_waited_out() -> None:
    with pytest.raises(ZeroDivisionError), database_waited_out(log, "test worker"):
        print(1 / 0)
