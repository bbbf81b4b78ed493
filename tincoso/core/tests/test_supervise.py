"""``tincoso serve`` keeps its helpers running: a task worker that died (SQLite locked
past its timeout) is started again, so queued tasks do not wait forever."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tincoso.supervise import Supervised


def _wait_for(condition, seconds: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_helper_that_dies_is_started_again_and_stops_with_serve(tmp_path: Path) -> None:
    log = tmp_path / "starts.log"
    crash = f"open({str(log)!r}, 'a').write('x'); raise SystemExit(1)"
    helper = Supervised("test helper", [sys.executable, "-c", crash],
                        first_pause=0.05, longest_pause=0.1).start()
    try:
        assert _wait_for(lambda: log.exists() and len(log.read_text()) >= 3)
    finally:
        helper.stop()
    assert helper.starts >= 3


def test_stopping_ends_a_running_helper(tmp_path: Path) -> None:
    helper = Supervised("sleeper", [sys.executable, "-c", "import time; time.sleep(600)"]).start()
    assert _wait_for(lambda: helper._child is not None)
    child = helper._child
    helper.stop()
    assert child is not None and child.poll() is not None
    assert helper.starts == 1


CHILD = """
import os, pathlib, signal, sys, time
log = pathlib.Path(sys.argv[1])
got = []
signal.signal(signal.SIGTERM, lambda *_: got.append(1))
log.write_text(f"ready {os.getpgrp()} ")
while not got:
    time.sleep(0.02)
time.sleep(1.0)  # a second signal, if one were sent, arrives meanwhile
log.write_text(log.read_text() + "T" * len(got))
sys.exit(3)
"""


def test_in_the_foreground_a_signal_to_the_group_reaches_the_child_once(tmp_path: Path) -> None:
    """``tincoso worker``'s way: SIGTERM to the supervisor's whole process group (as a
    terminal's Ctrl-C or a group kill sends) reaches the worker once, through the
    supervisor (a second one would make RQ abandon the job in hand); the supervisor
    then returns the worker's exit code instead of starting it again."""
    import os
    import signal
    import subprocess

    log, child = tmp_path / "signals.log", tmp_path / "child.py"
    child.write_text(CHILD)
    run = ("import sys; from tincoso.supervise import Supervised; sys.exit(Supervised("
           f"'w', [sys.executable, {str(child)!r}, {str(log)!r}], own_session=True)"
           ".run_in_foreground())")  # fmt: skip
    supervisor = subprocess.Popen([sys.executable, "-c", run], start_new_session=True)
    try:
        assert _wait_for(lambda: log.exists() and log.read_text().startswith("ready"))
        child_group = int(log.read_text().split()[1])
        os.killpg(supervisor.pid, signal.SIGTERM)
        assert supervisor.wait(timeout=30) == 3
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
    # In a group of its own: a group signal never reaches it directly (two signals
    # sent close together may merge into one, so the count alone cannot show it).
    assert log.read_text() == f"ready {child_group} T" and child_group != supervisor.pid
