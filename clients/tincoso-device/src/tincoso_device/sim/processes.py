"""A fleet split over several processes, so that 10,000 devices' Ed25519 checks and
TLS reads run on every core instead of queueing in one Python process.

Each process runs its own :class:`Fleet` (its share of the devices, their real
credentials, real signature checks) and answers commands over a pipe. Receipt and
ack times are ``time.perf_counter()``, which on Linux is CLOCK_MONOTONIC, one clock
for every process of the machine, so the parent can compare them with its own.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from tincoso_device.keys import TrustedKeys
from tincoso_device.sim.fleet import VERIFY, Credential, Fleet

Times = dict[str, dict[int, float]]
LOOPS = ("auto", "uvloop", "asyncio")


def default_processes() -> int:
    return os.cpu_count() or 1


def runner(loop: str = "auto") -> asyncio.Runner:
    """An asyncio runner on uvloop (``"uvloop"``; ``"auto"``: when it is installed) or
    on the standard loop (``"asyncio"``). uvloop's TLS and sockets are C: the
    simulator's own CPU per device is smaller, which leaves more of a shared machine
    to the broker being measured (``bench devices_sim`` shows both)."""
    if loop not in LOOPS:
        raise ValueError(f"loop must be one of {', '.join(LOOPS)}")
    if loop != "asyncio":
        try:
            import uvloop
        except ImportError:
            if loop == "uvloop":
                raise
        else:
            return asyncio.Runner(loop_factory=uvloop.new_event_loop)
    return asyncio.Runner()


def _shard(conn: Connection, url: str, ca_pem: str, credentials: list[Credential],
           public_keys: list[str], concurrency: int, loop: str, verify: str) -> None:
    keys = TrustedKeys(public_keys) if public_keys else None
    with runner(loop) as run:
        run.run(_serve(conn, Fleet(url, ca_pem, credentials, keys, verify), concurrency))


async def _serve(conn: Connection, fleet: Fleet, concurrency: int) -> None:
    took = await fleet.connect_all(concurrency)
    kind = type(asyncio.get_running_loop()).__module__.split(".")[0]
    conn.send((len(fleet.clients), fleet.failed, took, kind))
    loop, beating = asyncio.get_running_loop(), None
    while True:
        command = await loop.run_in_executor(None, conn.recv)
        if command == "count":
            conn.send({msg_id: len(times) for msg_id, times in fleet.acked.items()})
        elif command == "report":
            conn.send((fleet.received, fleet.acked, fleet.refused, fleet.heartbeats))
        elif isinstance(command, tuple) and command[0] == "verify":
            fleet.verify = command[1]
            conn.send(fleet.verify)
        elif command == "heartbeat" and beating is None:
            beating = asyncio.create_task(fleet.heartbeat_forever())
        elif command == "close":
            break
    if beating is not None:
        beating.cancel()
    await fleet.close()
    conn.send("closed")


@dataclass
class FleetProcesses:
    """``processes`` fleets, the devices dealt round-robin between them."""

    url: str
    ca_pem: str
    credentials: list[Credential]
    public_keys: list[str]  # empty: no signature check (only to measure its cost)
    processes: int = field(default_factory=default_processes)
    loop: str = "auto"  # see runner()
    verify: str = "each"  # see fleet.VERIFY
    loop_used: str = ""  # what the processes run on: "uvloop" or "asyncio"
    connected: int = 0
    failed: list[str] = field(default_factory=list)
    _pipes: list[Connection] = field(default_factory=list)
    _children: list[Any] = field(default_factory=list)

    def start(self, concurrency: int = 100) -> float:
        """Start the processes and wait until every device is connected and
        subscribed; the slowest process's seconds."""
        if self.verify not in VERIFY:
            raise ValueError(f"verify must be one of {', '.join(VERIFY)}")
        spawn = multiprocessing.get_context("spawn")  # nothing of the caller inherited
        count = max(1, min(self.processes, len(self.credentials)))
        for i in range(count):
            parent, child = spawn.Pipe()
            process = spawn.Process(target=_shard, daemon=True, args=(
                child, self.url, self.ca_pem, self.credentials[i::count], self.public_keys,
                max(10, concurrency // count), self.loop, self.verify))
            process.start()
            self._pipes.append(parent)
            self._children.append(process)
        took = 0.0
        for pipe in self._pipes:
            connected, failed, seconds, self.loop_used = pipe.recv()
            self.connected += connected
            self.failed += failed
            took = max(took, seconds)
        return took

    @property
    def pids(self) -> list[int]:
        """The simulator processes' ids (to measure their CPU from outside)."""
        return [int(process.pid) for process in self._children]

    def check_signatures(self, verify: str) -> None:
        """How every device checks signatures from now on (fleet.VERIFY)."""
        if verify not in VERIFY:
            raise ValueError(f"verify must be one of {', '.join(VERIFY)}")
        self.verify = verify
        self._ask(("verify", verify))

    def _ask(self, command: Any) -> list[Any]:
        for pipe in self._pipes:
            pipe.send(command)
        return [pipe.recv() for pipe in self._pipes]

    def acked_count(self, msg_id: str) -> int:
        return sum(counts.get(msg_id, 0) for counts in self._ask("count"))

    def heartbeat(self) -> None:
        for pipe in self._pipes:
            pipe.send("heartbeat")

    def report(self) -> tuple[Times, Times, int, int]:
        """Receipt and ack times of every process (msg id -> device -> time), and the
        refused messages and heartbeats sent."""
        received: Times = {}
        acked: Times = {}
        refused = heartbeats = 0
        for got, acks, refusals, beats in self._ask("report"):
            for mine, theirs in ((received, got), (acked, acks)):
                for msg_id, times in theirs.items():
                    mine.setdefault(msg_id, {}).update(times)
            refused += refusals
            heartbeats += beats
        return received, acked, refused, heartbeats

    def close(self) -> None:
        for pipe, process in zip(self._pipes, self._children, strict=True):
            try:
                pipe.send("close")
                pipe.recv()
            except (EOFError, OSError):
                pass
            process.join(30)
            if process.is_alive():
                process.kill()
        self._pipes.clear()
        self._children.clear()
