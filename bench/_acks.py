"""The acks as the server gets them: ``mosquitto_sub`` (C, the server's admin user)
subscribed to ``tcs/up/+/ack`` as the uplink worker is, stamping each with its own
receipt time (``%U``). A device's own "PUBACK of my ack" time also holds the
simulator's queue (the process that read it had thousands of other devices to
serve first); this one is when the acknowledgement reached the server's side."""

from __future__ import annotations

import json
import subprocess
import threading
from typing import Any

MOSQUITTO_SUB = "/usr/bin/mosquitto_sub"


class ServerAcks:
    def __init__(self, settings: Any) -> None:
        self.times: dict[str, dict[int, float]] = {}  # msg id -> device -> Unix time
        self.process = subprocess.Popen(
            [MOSQUITTO_SUB, "-h", settings.host, "-p", str(settings.port), "--cafile",
             settings.ca_file, "-u", settings.admin_username, "-P", settings.admin_password,
             "-i", "tcs-bench-acks", "-q", "1", "-t", "tcs/up/+/ack", "-F", "%U %t %p"],
            stdout=subprocess.PIPE, text=True)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            stamp, topic, payload = line.split(" ", 2)
            try:
                msg_id = str(json.loads(payload)["id"])
            except (ValueError, KeyError):
                continue
            device = int(topic.split("/")[2])
            self.times.setdefault(msg_id, {}).setdefault(device, float(stamp))

    def since(self, msg_id: str, unix_start: float) -> list[float]:
        """Seconds from ``unix_start`` to each device's ack reaching the server."""
        return [t - unix_start for t in dict(self.times.get(msg_id, {})).values()]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)
