"""The device: its manifest, media, conductor, heartbeat and proofs over HTTP.

``Device.run`` is the whole life of a box: load what is on disk and start
playing it at once (no network needed), then poll the manifest, download media
ahead, heartbeat every 60 s and send kept proofs, backing off on trouble. A
refused credential (401) stops normal polling (once an hour), keeps the device
playing what it has, and shows "cần đăng ký lại" (re-enrolment needed).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tincoso_device import FIRMWARE, manifest, media, timeutil
from tincoso_device.conductor import Conductor
from tincoso_device.http import Api, Response, ServerError, Unauthorized
from tincoso_device.keys import TrustedKeys
from tincoso_device.player import Player
from tincoso_device.proofs import Proofs
from tincoso_device.store import Store

log = logging.getLogger("tincoso_device")
REENROL = "cần đăng ký lại (re-enrolment needed)"
REVOKED_POLL_S = 3600.0


class Device:
    def __init__(self, store: Store, player: Player, poll_s: float = 60.0,
                 heartbeat_s: float = 60.0, proofs_s: float = 30.0,
                 clock: Callable[[], dt.datetime] = timeutil.utcnow) -> None:
        state = store.state
        if not state.get("device_id"):
            raise RuntimeError("not enrolled: run `tincoso-device enrol` first")
        self.store, self.device_id = store, int(state["device_id"])
        self._clock, self.skew = clock, dt.timedelta(0)
        self.keys = TrustedKeys(list(state.get("public_keys", [])),
                                dict(state.get("key_until", {})), now=self.now)
        self.api = Api(state["server"], store.token())
        self.poll_s, self.heartbeat_s, self.proofs_s = poll_s, heartbeat_s, proofs_s
        self.faults: set[str] = set()
        self.revoked = bool(state.get("revoked"))
        self.proofs = Proofs(store)
        self.manifest_version: int | None = None
        self.latest_version: int | None = None
        self.conductor = Conductor(
            player, self._prove, self._resolve, now=self.now,
            played=set(store.read_json("played.json", [])),
            on_played=lambda ids: store.write_json("played.json", sorted(ids)))
        self.conductor.on_change = self._playing_changed
        self.on_proof: Callable[[], None] = lambda: None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._backoff = 0.0
        self.restart_requested = False
        self._load_from_disk()

    def now(self) -> dt.datetime:
        return self._clock() + self.skew

    # --- what is on disk -------------------------------------------------------------

    def _load_from_disk(self) -> None:
        held = manifest.load(self.store, self.keys, self.device_id)
        if held is not None:
            self.manifest_version = held[1]["version"]
            self.conductor.set_manifest(held[0])

    def _resolve(self, item_media: dict[str, Any]) -> Path | None:
        return media.verified(self.store, item_media)

    def _prove(self, proof: dict[str, Any]) -> None:
        self.proofs.add(proof)
        self.on_proof()

    def _playing_changed(self) -> None:
        self._heartbeat_now = True
        self._wake.set()

    _heartbeat_now = False

    # --- the protocol ----------------------------------------------------------------

    def sync_manifest(self) -> bool:
        """Fetch the manifest (304 when unchanged); True when a new one was taken."""
        held = manifest.load(self.store, self.keys, self.device_id)
        # Only a manifest that still verifies may be answered 304 (after a key's
        # cut-over, the one signed with it must be fetched again).
        etag = held[1].get("etag") if held else None
        headers = {"If-None-Match": etag} if etag else {}
        answer = self._fetch_manifest(headers)
        if answer.status == 304:
            return False
        if answer.status != 200:
            raise ServerError(f"manifest: HTTP {answer.status}")
        holding = manifest.Held(held[1]["version"], held[2]) if held else None
        try:
            if answer.headers.get("x-tincoso-published"):
                signed, body = manifest.unwrap(answer.body)
                answer = Response(200, {**signed, "etag": answer.headers.get("etag", "")}, body)
            parsed = manifest.verify(answer.headers, answer.body, self.keys, self.device_id,
                                     holding, self.now())
        except manifest.Refused as refused:
            log.warning("manifest refused: %s", refused)
            self.faults.add(refused.fault)
            return False
        if self.keys.learn(parsed.get("keys")):  # a key rotation (§2.1)
            self.store.update_state(**self.keys.state())
        manifest.keep(self.store, answer.body, answer.headers, parsed["version"])
        self.manifest_version = parsed["version"]
        self.conductor.set_manifest(parsed)
        return True

    def _fetch_manifest(self, headers: dict[str, str]) -> Response:
        """From the published URL the server gave (§4.5; served without Python), else
        (none given, or it answered anything but 200/304: revoked, rotated, no longer
        published) from the authenticated endpoint, which says why and may give one."""
        published = str(self.store.state.get("manifest_url") or "")
        if published:
            answer = self.api.request("GET", published, headers=headers, auth=False)
            if answer.status in (200, 304):
                answer.headers["x-tincoso-published"] = "1"
                return answer
            log.info("published manifest: HTTP %s, asking the server", answer.status)
            self.store.update_state(manifest_url="")
            published = ""
        answer = self.api.request("GET", "/api/device/v1/manifest", headers=headers)
        given = answer.headers.get("x-tincoso-manifest-url", "")
        if given != published:
            self.store.update_state(manifest_url=given)
        return answer

    def download_media(self) -> None:
        """Every item's file, ahead of its start; files no longer referred to go."""
        current = self.conductor.manifest
        if current is None:
            return
        wanted = {item["media"]["sha256"]: item["media"] for item in current["items"]}
        for item_media in wanted.values():
            try:
                media.fetch(self.api, self.store, item_media)
            except manifest.Refused as refused:
                log.warning("media refused: %s", refused)
                self.faults.add(refused.fault)
        media.prune(self.store, set(wanted) | self._keep_media())

    def _keep_media(self) -> set[str]:
        """Files outside the manifest still in use (an emergency's)."""
        return set(self.store.read_json("keep-media.json", []))

    def heartbeat_body(self) -> dict[str, Any]:
        faults = set(self.faults)
        if self.conductor.expired:
            faults.add("manifest-expired")
        return {"sent_at": timeutil.iso(self.now()), "playing": self.conductor.playing,
                "volume": self.conductor.volume, "power": self.conductor.power,
                "free_disk_mb": shutil.disk_usage(self.store.root).free // 2**20,
                "firmware": FIRMWARE, "manifest_version": self.manifest_version,
                "key_ids": self.keys.ids()[:16], "faults": sorted(faults)[:20]}

    def heartbeat(self) -> None:
        sent = self.heartbeat_body()
        answer = self.api.request("POST", "/api/device/v1/heartbeat", sent)
        if answer.status != 200:
            log.warning("heartbeat refused: HTTP %s %s", answer.status, answer.body[:200])
            return
        self.faults -= set(sent["faults"])
        data = answer.json()
        server = timeutil.parse(data["server_time"])
        self.skew = server - self._clock()
        self.latest_version = data.get("manifest_version")

    def send_proofs(self) -> int:
        sent = 0
        while batch := self.proofs.pending():
            answer = self.api.request("POST", "/api/device/v1/plays", {"plays": batch})
            if answer.status == 400:
                log.warning("proofs refused: %s", answer.body[:300])
                self.proofs.refused(batch)
                continue
            if answer.status != 200:
                raise ServerError(f"plays: HTTP {answer.status}")
            self.proofs.acknowledged(batch)
            sent += len(batch)
        return sent

    # --- the life of the box -------------------------------------------------------------

    def start(self) -> None:
        self.conductor.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self.conductor.stop()

    def refresh(self) -> None:
        """Poll now (an MQTT nudge, a higher manifest version)."""
        self._force = True
        self._wake.set()

    _force = False

    def run(self) -> None:
        """Poll until ``stop``; the conductor plays meanwhile, network or not."""
        self.start()
        next_manifest = next_heartbeat = next_proofs = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            contacted = False
            try:
                if self._force or now >= next_manifest:
                    self._force = False
                    self.sync_manifest()
                    self.download_media()
                    next_manifest = now + (REVOKED_POLL_S if self.revoked else self.poll_s)
                    contacted = True
                if now >= next_heartbeat or (self._heartbeat_now and not self.revoked):
                    self._heartbeat_now = False
                    self.heartbeat()
                    next_heartbeat = now + self.heartbeat_s
                    contacted = True
                    if self.latest_version not in (None, self.manifest_version):
                        self._force = True
                if now >= next_proofs or self.proofs.count() >= 50:
                    self.send_proofs()
                    next_proofs = now + self.proofs_s
                if contacted:
                    self._backoff = 0.0
                    self._set_revoked(False)
            except Unauthorized:
                self._set_revoked(True)
                next_manifest = next_heartbeat = next_proofs = now + REVOKED_POLL_S
            except ServerError as error:
                self._backoff = min(900.0, max(30.0, self._backoff * 2))
                wait = self._backoff * random.uniform(0.8, 1.2)
                log.info("server unreachable (%s); retrying in %.0f s", error, wait)
                next_manifest = next_heartbeat = next_proofs = now + wait
            self._wake.clear()
            delay = max(0.05, min(next_manifest, next_heartbeat, next_proofs) - time.monotonic())
            self._wake.wait(1.0 if self._force else delay)

    def _set_revoked(self, revoked: bool) -> None:
        if revoked == self.revoked:
            return
        self.revoked = revoked
        self.store.update_state(revoked=revoked)
        if revoked:
            log.error("credential refused: %s", REENROL)
            self.faults.add("credential-refused")
        self.store.write_json("status.json", {"message": REENROL if revoked else ""})
