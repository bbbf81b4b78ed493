"""Which process is on a CPU while something happens: a thread samples the CPU time
(user + system, all threads) of named processes from ``/proc/PID/stat`` every
``step`` seconds, so a bench can say how many core-seconds the broker, the
simulator and Django each spent during a fan-out, and when.

    with CpuSampler({"mosquitto": pid, "sim 1": pid2}) as cpu:
        ...
    print(cpu.summary(until=2.0))
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import TracebackType

TICK = os.sysconf("SC_CLK_TCK")
MACHINE = 0  # a "pid" that stands for the whole machine


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far (0 when it is gone); ``MACHINE``:
    every core's busy time (what the other engineers' processes use too)."""
    if pid == MACHINE:
        ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
        return (sum(ticks) - ticks[3] - ticks[4]) / TICK  # all but idle and iowait
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


class CpuSampler:
    def __init__(self, pids: dict[str, int], step: float = 0.1) -> None:
        self.pids, self.step = pids, step
        self.samples: list[tuple[float, dict[str, float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        self.samples.append((time.perf_counter(),
                             {name: cpu_seconds(pid) for name, pid in self.pids.items()}))

    def _run(self) -> None:
        while not self._stop.wait(self.step):
            self._sample()

    def __enter__(self) -> CpuSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def used(self, name: str, since: float, until: float) -> float:
        """CPU seconds ``name`` used between two ``perf_counter`` moments (nearest samples)."""
        inside = [(t, s[name]) for t, s in self.samples if since - self.step / 2 <= t <= until]
        return inside[-1][1] - inside[0][1] if len(inside) > 1 else 0.0

    def summary(self, start: float, end: float, buckets: float = 0.5) -> list[str]:
        """One line per process: its CPU seconds from ``start`` to ``end`` and the
        share of a core it used in each ``buckets``-second slice."""
        lines, width = [], max(len(n) for n in self.pids)
        for name in self.pids:
            slices, t = [], start
            while t < end - 1e-9:
                slices.append(f"{self.used(name, t, t + buckets) / buckets * 100:3.0f}")
                t += buckets
            lines.append(f"  {name:<{width}} {self.used(name, start, end):6.2f} s CPU   "
                         f"% of a core per {buckets:g} s: {' '.join(slices)}")
        return lines
