"""``make scale``, small: the whole deployment (PostgreSQL, Redis, Mosquitto, two app
servers behind nginx, two RQ task workers, a scheduler, the uplink worker, the demo)
under a short load while every fault is injected once; it must lose nothing, store
nothing twice, answer every request clearly, come back within 10 s after each fault
and leave nothing running."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.scale
def test_the_small_scale_run_loses_nothing_and_leaves_nothing_running() -> None:
    done = subprocess.run([sys.executable, "-m", "tincoso.cli", "scale", "--small"],
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-6000:]
    assert "PASS: lost 0, duplicates 0, unclear answers 0" in out, out[-6000:]
    for fault in ("kill -9 app server 1", "kill -9 a task worker mid-task",
                  "restart PostgreSQL", "restart Redis", "restart Mosquitto"):  # fmt: skip
        assert f"| {fault}" in out
    assert "imports read again after their worker died: 0" not in out  # the killed one's
    assert "left running: nothing" in out
    # The uplink worker waits out the database's restart instead of exiting.
    restarted = [line for line in out.splitlines() if line.startswith("started again")]
    assert not any("uplink worker" in line for line in restarted), restarted
