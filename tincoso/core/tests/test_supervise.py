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
