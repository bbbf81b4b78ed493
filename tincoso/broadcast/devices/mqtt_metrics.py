"""Figures of the MQTT part for ``/metrics`` and the broker's ``/readyz`` check.

The uplink worker is its own process, so its counts (messages taken, dropped by
reason) are added to the shared cache (one store for every process) in batches;
``/metrics`` reads them whichever web worker answers."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from django.core.cache import caches

PREFIX = "mqtt-count:"
KINDS = ("heartbeat", "plays", "status", "ack", "rate_limited", "bad_payload",
         "unknown_device", "published", "publish_failed")
_pending: Counter[str] = Counter()
_lock = threading.Lock()


def count(kind: str, n: int = 1) -> None:
    """Count ``n`` of ``kind`` in this process (``flush`` adds them to the store)."""
    with _lock:
        _pending[kind] += n


def flush() -> None:
    with _lock:
        pending = dict(_pending)
        _pending.clear()
    store = caches["shared"]
    for kind, n in pending.items():
        try:
            store.incr(PREFIX + kind, n)
        except ValueError:  # not there yet
            store.set(PREFIX + kind, (store.get(PREFIX + kind) or 0) + n, timeout=None)


def totals() -> dict[str, int]:
    store = caches["shared"]
    found = store.get_many([PREFIX + k for k in KINDS])
    return {k: int(found.get(PREFIX + k) or 0) for k in KINDS}


def metrics() -> list[Any]:
    from tincoso.broadcast.devices.models import Device
    from tincoso.core.health import Sample

    samples = [Sample("tincoso_mqtt_messages_total", float(n),
                      "MQTT messages by what happened to them (uplink worker, publishers)",
                      {"kind": kind}) for kind, n in totals().items()]
    online = Device.objects.filter(mqtt_online=True, revoked_at__isnull=True).count()
    samples.append(Sample("tincoso_devices_mqtt_online", float(online),
                          "devices whose MQTT status is online (last will not fired)"))
    return samples


def broker_ready() -> None:
    """Raise unless the configured broker accepts the server's admin user."""
    from tincoso.broadcast.devices import broker, mqtt_link

    settings = broker.configured()
    if settings is None:
        return
    link = mqtt_link.admin(settings, f"tcs-ready-{threading.get_ident()}")
    link.disconnect()
    link.loop_stop()
