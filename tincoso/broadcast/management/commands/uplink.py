"""``tincoso uplink``: the MQTT uplink worker (see devices/uplink_worker.py)."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tincoso.broadcast.devices import broker
from tincoso.broadcast.devices.uplink_worker import UplinkWorker


class Command(BaseCommand):
    help = "Take devices' MQTT uplink (status, heartbeats, plays, acks) into the database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--name", default="tincoso-uplink-1",
                            help="client id of the persistent session (one per worker)")
        parser.add_argument("--forget-session", action="store_true",
                            help="end the persistent session when stopping (a worker taken "
                                 "out of service for good; otherwise it keeps its share)")

    def handle(self, *args: Any, **options: Any) -> None:
        settings = broker.configured()
        if settings is None:
            raise CommandError("MQTT_URL is not set: no broker to take the uplink from")
        worker = UplinkWorker(settings, options["name"])
        signal.signal(signal.SIGTERM, lambda *_a: worker.stopping.set())
        try:
            worker.run()
        except KeyboardInterrupt:
            pass
        finally:
            worker.stop(forget_session=options["forget_session"])
