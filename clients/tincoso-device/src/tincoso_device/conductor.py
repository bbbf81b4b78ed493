"""The conductor: plays the manifest's items at their start times, in the order given,
and lets emergencies and "play now" preempt them (§4.1, §5, §9.5, §9.6).

One thread. Scheduled items play while ``start <= now < end`` (a device that comes
back in the middle of an item plays it late rather than not at all); nothing plays
at or after the manifest's ``valid_until``. A play that is preempted is proved
``interrupted``; a file the device has not verified is proved ``failed``. Every
proof goes to ``prove`` (kept on disk by the device until acknowledged).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tincoso_device import timeutil
from tincoso_device.player import Player

Proof = dict[str, Any]
TICK = 0.05


@dataclass
class Interrupt:
    """An emergency or a "play now": one file, once or repeated, outside the schedule."""

    kind: str  # "emergency" or "play_now"
    id: str  # the message id, also the play id of its proofs
    path: Path | None  # None: an emergency without audio holds the schedule silent
    seconds: float
    bulletin_id: int | None = None
    emergency_id: str = ""
    repeat_every_s: int = 0
    until: dt.datetime | None = None
    on_start: Callable[[], object] = lambda: None
    on_end: Callable[[str], object] = lambda status: None
    cancelled: bool = False
    plays: int = field(default=0)


class Conductor:
    def __init__(self, player: Player, prove: Callable[[Proof], None],
                 resolve: Callable[[dict[str, Any]], Path | None],
                 now: Callable[[], dt.datetime] = timeutil.utcnow,
                 played: set[str] | None = None,
                 on_played: Callable[[set[str]], None] = lambda ids: None) -> None:
        self.player, self.prove, self.resolve, self.now = player, prove, resolve, now
        self.played = set(played or ())
        self.on_played = on_played
        self.volume, self.power, self.mode = 70, "on", "normal"
        self.manifest: dict[str, Any] | None = None
        self.playing: dict[str, Any] | None = None
        self.expired = False
        self._pending: list[Interrupt] = []
        self._active: Interrupt | None = None
        self._cond = threading.Condition()
        self._stopped = False
        self._thread: threading.Thread | None = None
        self.on_change: Callable[[], None] = lambda: None

    # --- from other threads -----------------------------------------------------------

    def set_manifest(self, manifest: dict[str, Any]) -> None:
        with self._cond:
            self.manifest = manifest
            ids = {item["play_id"] for item in manifest["items"]}
            self.played &= ids
            self._cond.notify_all()

    def interrupt(self, job: Interrupt) -> None:
        with self._cond:
            if job.kind == "emergency":
                self._pending = [p for p in self._pending if p.kind != "emergency"]
                self._pending.insert(0, job)
            else:
                self._pending.append(job)
            self._cond.notify_all()

    def cancel(self, emergency_id: str) -> bool:
        with self._cond:
            found = False
            for job in [*self._pending, *([self._active] if self._active else [])]:
                if job.emergency_id == emergency_id:
                    job.cancelled = found = True
            self._cond.notify_all()
            return found

    def active_emergency(self) -> str:
        with self._cond:
            job = self._active
            return job.emergency_id if job and job.kind == "emergency" else ""

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="conductor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.player.stop()

    # --- the conductor's thread ---------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._stopped:
                    return
                job = self._pending.pop(0) if self._pending else None
                self._active = job
            if job is not None:
                self._run_interrupt(job)
                with self._cond:
                    self._active = None
                continue
            item = self._due()
            if item is not None:
                self._play_item(item)
                continue
            with self._cond:
                if not self._pending and not self._stopped:
                    self._cond.wait(self._sleep_for())

    def _due(self) -> dict[str, Any] | None:
        manifest, now = self.manifest, self.now()
        if manifest is None:
            return None
        self.expired = timeutil.parse(manifest["valid_until"]) <= now
        if self.expired or self.mode != "normal" or self.power != "on":
            return None
        for item in manifest["items"]:
            if item["play_id"] in self.played:
                continue
            start, end = timeutil.parse(item["start"]), timeutil.parse(item["end"])
            if end <= now:
                continue
            if start <= now:
                return dict(item)
            return None  # in the order given: the next one waits for its time
        return None

    def _sleep_for(self) -> float:
        manifest = self.manifest
        if manifest is None:
            return 1.0
        now = self.now()
        for item in manifest["items"]:
            if item["play_id"] not in self.played:
                wait = (timeutil.parse(item["start"]) - now).total_seconds()
                return max(TICK, min(wait, 1.0))
        return 1.0

    def _mark(self, play_id: str) -> None:
        self.played.add(play_id)
        self.on_played(set(self.played))

    def _play_item(self, item: dict[str, Any]) -> None:
        manifest = self.manifest or {}
        started = self.now()
        path = self.resolve(item["media"])
        proof: Proof = {"play_id": item["play_id"], "bulletin_id": item["bulletin_id"],
                        "manifest_version": manifest.get("version")}
        self._mark(item["play_id"])
        if path is None:
            self._prove(proof, started, started, "failed")
            return
        end = timeutil.parse(item["end"])
        seconds = min(item["duration_ms"] / 1000, (end - started).total_seconds())
        status = self._perform(path, seconds, proof, lambda: self._yield_scheduled(end))
        self._prove(proof, started, self.now(), status)

    def _yield_scheduled(self, end: dt.datetime) -> bool:
        return bool(self._pending) or self._stopped or self.mode != "normal" \
            or self.power != "on" or self.now() >= end

    def _perform(self, path: Path, seconds: float, proof: Proof,
                 should_stop: Callable[[], bool]) -> str:
        """Play ``path`` until it ends (completed) or ``should_stop`` (interrupted)."""
        self.playing = {"play_id": proof["play_id"], "bulletin_id": proof.get("bulletin_id")}
        self.on_change()
        try:
            self.player.start(path, seconds, self.volume)
        except OSError:
            self.playing = None
            return "failed"
        status = "completed"
        with self._cond:
            while self.player.running():
                if should_stop():
                    status = "interrupted"
                    break
                self._cond.wait(TICK)
        self.player.stop()
        if status == "interrupted" and self._natural_end(proof):
            status = "completed"
        self.playing = None
        self.on_change()
        return status

    def _natural_end(self, proof: Proof) -> bool:
        """A scheduled play stopped at its own ``end`` is complete, not interrupted."""
        manifest = self.manifest or {"items": []}
        for item in manifest["items"]:
            if item["play_id"] == proof["play_id"]:
                return not self._pending and not self._stopped and self.mode == "normal" \
                    and self.power == "on" and timeutil.parse(item["end"]) <= self.now()
        return False

    def _prove(self, proof: Proof, started: dt.datetime, ended: dt.datetime,
               status: str) -> None:
        self.prove({**proof, "started_at": timeutil.iso_ms(started),
                    "ended_at": timeutil.iso_ms(max(ended, started)), "status": status})

    def _run_interrupt(self, job: Interrupt) -> None:
        first = True
        while True:
            now = self.now()
            if job.cancelled or self._stopped or (job.until is not None and now >= job.until):
                break
            if first:
                job.on_start()
                first = False
            if job.path is None:
                with self._cond:
                    while not self._yield_interrupt(job):
                        self._cond.wait(TICK * 4)
                break
            job.plays += 1
            play_id = job.id if job.plays == 1 else f"{job.id}.{job.plays}"
            proof: Proof = {"play_id": play_id, "bulletin_id": job.bulletin_id,
                            "manifest_version": (self.manifest or {}).get("version")}
            started = self.now()
            status = self._perform(job.path, job.seconds, proof,
                                   lambda: self._yield_interrupt(job))
            self._prove(proof, started, self.now(), status)
            if job.kind != "emergency" or job.repeat_every_s <= 0 or status == "interrupted":
                if status == "interrupted" and job.kind == "play_now":
                    job.on_end("failed")
                    return
                break
            next_at = started + dt.timedelta(seconds=job.repeat_every_s)
            with self._cond:
                while not self._yield_interrupt(job) and self.now() < next_at:
                    self._cond.wait(min(1.0, max(TICK, (next_at - self.now()).total_seconds())))
        job.on_end("ended" if job.kind == "emergency" else "done")

    def _yield_interrupt(self, job: Interrupt) -> bool:
        if job.cancelled or self._stopped:
            return True
        if job.until is not None and self.now() >= job.until:
            return True
        return any(p.kind == "emergency" for p in self._pending)
