"""The deployment: PostgreSQL, Redis, Mosquitto, two ``tincoso serve`` app servers
behind nginx, two task workers (RQ), one scheduler and the uplink worker, all on
loopback in one folder, with the demo province loaded."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tincoso.broadcast.devices.broker import LocalBroker
from tincoso.scale import services
from tincoso.scale.processes import Proc, Processes, free_port, wait_for_port

EDITOR = "bientap.tanphong"  # a demo editor of the ward Tân Phong
ME = [sys.executable, "-m", "tincoso.cli"]


@dataclass
class Deployment:
    folder: Path
    env: dict[str, str]
    run: Processes
    postgres: Proc
    redis: Proc
    redis_port: int
    broker: LocalBroker
    nginx_port: int
    token: str
    apps: list[Proc] = field(default_factory=list)
    workers: list[Proc] = field(default_factory=list)
    kept: list[Proc] = field(default_factory=list)  # started again when they exit (keep)

    def keep(self, stop: threading.Event) -> None:
        """What systemd's Restart= (or ``tincoso serve``'s supervisor) does for the
        scheduler and the uplink worker: start again, after a second, one that exited.
        Each start beyond the first shows in the report."""
        while not stop.wait(1.0):
            for proc in self.kept:
                if not proc.alive():
                    proc.start()

    def app_server(self, index: int, port: int) -> Proc:
        return Proc(f"app server {index + 1}", [*ME, "serve", "--bind", f"127.0.0.1:{port}",
                                                 "--workers", "1", "--threads", "4",
                                                 "--no-scheduler", "--no-worker", "--no-mqtt"],
                    self.env, self.folder / f"app{index + 1}.log")  # fmt: skip

    def worker(self, index: int) -> Proc:
        return self.run.add(Proc(f"task worker {index}", [*ME, "worker"], self.env,
                                 self.folder / f"worker{index}.log"))  # fmt: skip


def manage(env: dict[str, str], *args: str, command: list[str] | None = None) -> str:
    done = subprocess.run([*(command or ME), *args], env=env, capture_output=True,  # noqa: S603
                          text=True, timeout=600)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"tincoso {' '.join(args)}: {done.stdout[-2000:]}{done.stderr[-3000:]}")
    return done.stdout


def start(run: Processes, folder: Path, *, lease_seconds: int) -> Deployment:
    folder.mkdir(parents=True, exist_ok=True)
    postgres, database_url = services.postgres(run, folder / "postgresql")
    redis, redis_url = services.redis(run, folder / "redis")
    broker = LocalBroker(folder / "mqtt")
    env = {
        **{k: v for k, v in os.environ.items()
           if not k.startswith(("MQTT_", "TASKS_", "TINCOSO_", "S3_", "DATABASE_", "REDIS_"))},
        # The scale-out settings on the development profile's static files (WhiteNoise
        # serves them from the app folders): production's collectstatic compresses every
        # file, minutes on this machine. tests/test_production.py covers that profile.
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,  # the shared cache and, through it, the RQ task backend
        "TINCOSO_VAR_DIR": str(folder / "var"),
        # Manifest polls answered by nginx from files (docs/device-protocol.md §4.5).
        "DEVICE_MANIFEST_DIR": str(folder / "var" / "device-manifests"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "IMPORT_LEASE_SECONDS": str(lease_seconds),
        "DJANGO_SETTINGS_MODULE": "tincoso.settings",
        **broker.start().environ(),
    }
    run.cleanups.append(broker.stop)
    run.other_pids.append(broker.process.pid if broker.process else 0)
    prepared = manage(env, "tincoso.scale.prepare", EDITOR, command=[sys.executable, "-m"])
    token = re.search(r"^([0-9a-f]{40})$", prepared, re.MULTILINE)
    if token is None:
        raise RuntimeError(f"no API token in {prepared[-500:]!r}")
    ports = [free_port(), free_port()]
    deployment = Deployment(folder, env, run, postgres, redis,
                            int(redis_url.rsplit(":", 1)[1].split("/")[0]), broker, 0,
                            token.group(1))  # fmt: skip
    for index, port in enumerate(ports):
        app = run.add(deployment.app_server(index, port))
        deployment.apps.append(app)
    for index, port in enumerate(ports):
        wait_for_port(port, timeout=90, alive=deployment.apps[index])
    _, deployment.nginx_port = services.nginx(run, folder / "nginx", ports, env,
                                              Path(env["DEVICE_MANIFEST_DIR"]))
    deployment.workers = [deployment.worker(1), deployment.worker(2)]
    deployment.kept = [
        run.add(Proc("scheduler", [*ME, "manage", "run_periodic"], env, folder / "scheduler.log")),
        run.add(Proc("uplink worker", [*ME, "uplink"], env, folder / "uplink.log")),
    ]
    return deployment
