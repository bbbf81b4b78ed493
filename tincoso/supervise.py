"""Keep a helper process of ``tincoso serve`` running (the scheduler, the task worker,
the MQTT uplink worker). No Django here: the parent of granian's workers stays light.

A helper that dies (say the task worker, when SQLite stays locked past its timeout
while another process writes for long) is started again after a pause that grows
from 1 s to 30 s, and said so on standard error; without this, tasks would wait
forever in the queue. On exit the current child is terminated.

``tincoso worker`` runs its worker the same way in the foreground
(:meth:`Supervised.run_in_foreground`): RQ's worker quits, with exit code 0, on a Redis
error outside its waiting for a job (Redis restarting while a job ends, say), so a
worker process is started again until the command itself is told to stop.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence


class Supervised:
    def __init__(self, name: str, argv: Sequence[str], *, first_pause: float = 1.0,
                 longest_pause: float = 30.0, said_by: str = "tincoso serve",
                 own_session: bool = False) -> None:
        self.name, self.argv, self.said_by = name, list(argv), said_by
        self.own_session = own_session
        self.last_code = 0
        # In the foreground: the stop signal, and the child it was passed to (once).
        self._told: int | None = None
        self._told_child: subprocess.Popen[bytes] | None = None
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
            self._child = subprocess.Popen(  # noqa: S603 (our own command line)
                self.argv, start_new_session=self.own_session)
            self.starts += 1
            if self._told is not None and self._told_child is not self._child:
                self._pass_on()  # told to stop while this child was being started
            code = self.last_code = self._child.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - began > 60:
                pause = self.first_pause  # it ran a good while: start over gently
            print(f"{self.said_by}: {self.name} dừng (mã {code}), chạy lại sau {pause:.0f} giây."
                  f" / {self.name} stopped (code {code}), restarting in {pause:.0f} s.",
                  file=sys.stderr, flush=True)
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, self.longest_pause)

    def run_in_foreground(self) -> int:
        """Supervise in this thread until SIGTERM or SIGINT: the signal is passed to
        the running child once (RQ then finishes its job: a warm shutdown; a second
        signal would make it abandon the job), which is waited for without a time limit
        (systemd's own stop timeout bounds it); returns the child's last exit code.
        Start it with ``own_session`` so that signals to the process group (Ctrl-C at
        a terminal) reach only this process, and under systemd use ``KillMode=mixed``
        (deploy/tincoso-worker@.service)."""

        def told(signum: int, _frame: object) -> None:
            if self._told is None:
                self._told = signum
                self._stopping.set()
                self._pass_on()

        before = {s: signal.signal(s, told) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._run()  # every way out of it has waited for the last child
        finally:
            for signum, handler in before.items():
                signal.signal(signum, handler)
        return self.last_code

    def _pass_on(self) -> None:
        child = self._child
        if self._told is not None and child is not None and child.poll() is None:
            self._told_child = child
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(self._told)

    def stop(self) -> None:
        self._stopping.set()
        child = self._child
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
