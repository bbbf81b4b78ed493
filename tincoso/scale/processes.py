"""Processes on loopback, each in a session of its own so that a kill reaches its
children too (an RQ worker's work-horse, granian's workers), and all stopped at the
end whatever happened (:class:`Processes` is a context manager; ``verify_gone``
checks that nothing is left)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30.0, alive: Proc | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if alive is not None and alive.process is not None and alive.process.poll() is not None:
                raise RuntimeError(f"{alive.name} exited:\n{alive.tail()}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing answers on port {port}") from None
            time.sleep(0.1)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, their children…), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@dataclass
class Proc:
    """One long-running program, its log, and how often it was started."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str]
    log: Path
    user: str = ""  # run as this user (PostgreSQL refuses root)
    stop_signal: int = signal.SIGTERM
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    pids: list[int] = field(default_factory=list)

    def start(self) -> Proc:
        user = self.user if self.user and os.geteuid() == 0 else None
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 (our own command lines)
                list(self.argv), env=dict(self.env), stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True, user=user,
            )  # fmt: skip
        self.starts += 1
        self.pids.append(self.process.pid)
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def kill9(self) -> None:
        """kill -9 of the program and everything it started, as systemd kills a unit's
        control group: its process group, and descendants that left it (an RQ worker
        puts its work-horse in a group of its own)."""
        if self.process is None:
            return
        tree = descendants(self.process.pid)
        self.signal_group(signal.SIGKILL)
        for pid in tree:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM (the program's own clean stop), then SIGKILL for whatever is left."""
        if self.process is None:
            return
        tree = descendants(self.process.pid)
        if self.alive():
            self.signal_group(self.stop_signal)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
        self.signal_group(signal.SIGKILL)
        for pid in tree:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def tail(self, size: int = 3000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-size:]
        except OSError:
            return ""


class Processes:
    """Every process started for the run; stops them all on exit, newest first."""

    def __init__(self) -> None:
        self.all: list[Proc] = []
        self.cleanups: list[Callable[[], None]] = []  # for what is not a Proc (the broker)
        self.other_pids: list[int] = []  # … and its processes, for left_running

    def add(self, proc: Proc) -> Proc:
        self.all.append(proc)
        return proc.start()

    def __enter__(self) -> Processes:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop_all()

    def stop_all(self) -> None:
        for cleanup in reversed(self.cleanups):
            with contextlib.suppress(Exception):
                cleanup()
        for proc in reversed(self.all):
            try:
                proc.stop()
            except Exception:  # keep stopping the others
                proc.signal_group(signal.SIGKILL)

    def left_running(self) -> list[str]:
        """Every process group started that still has a member (should be none)."""
        left = []
        for proc in self.all:
            for pid in proc.pids:
                try:
                    os.killpg(pid, 0)
                except ProcessLookupError:
                    continue
                except PermissionError:
                    pass
                left.append(f"{proc.name} (group {pid})")
        for pid in self.other_pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 0)
                left.append(f"process {pid}")
        return left
