"""Keep a helper process of ``tincoso serve`` running (the scheduler, the task worker,
the MQTT uplink worker). No Django here: the parent of granian's workers stays light.

A helper that dies (say the task worker, when SQLite stays locked past its timeout
while another process writes for long) is started again after a pause that grows
from 1 s to 30 s, and said so on standard error; without this, tasks would wait
forever in the queue. On exit the current child is terminated.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Sequence


class Supervised:
    def __init__(self, name: str, argv: Sequence[str], *, first_pause: float = 1.0,
                 longest_pause: float = 30.0) -> None:
        self.name, self.argv = name, list(argv)
        self.first_pause, self.longest_pause = first_pause, longest_pause
        self.starts = 0
        self._child: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"supervise-{name}",
                                        daemon=True)

    def start(self) -> Supervised:
        self._thread.start()
        return self

    def _run(self) -> None:
        pause = self.first_pause
        while not self._stopping.is_set():
            began = time.monotonic()
            self._child = subprocess.Popen(self.argv)  # noqa: S603 (our own command line)
            self.starts += 1
            code = self._child.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - began > 60:
                pause = self.first_pause  # it ran a good while: start over gently
            print(f"tincoso serve: {self.name} dừng (mã {code}), chạy lại sau {pause:.0f} giây."
                  f" / {self.name} stopped (code {code}), restarting in {pause:.0f} s.",
                  file=sys.stderr, flush=True)
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, self.longest_pause)

    def stop(self) -> None:
        self._stopping.set()
        child = self._child
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
