"""The ``tincoso`` command.

tincoso serve [--bind ADDR] [--workers N] [--threads N] [--connections N]
              [--no-scheduler] [--no-worker] [--no-mqtt]
                                             serve the platform (granian, WSGI), the
                                             scheduler, a background task worker, and
                                             (MQTT_URL empty) a local Mosquitto in var/mqtt/
                                             with the MQTT uplink worker
tincoso worker [--burst]                     one background task worker (database or RQ
                                             backend, see tincoso/taskbackend.py)
tincoso scale [--small] [--keep]             a multi-process deployment on loopback under
                                             load with faults: prints sent/stored/lost
tincoso uplink [--name ID]                   the MQTT uplink worker alone (MQTT_URL set)
tincoso demo                                 load the demo province (idempotent)
tincoso units import FILE | export [--format csv|yaml] [--root CODE]
tincoso parse FILE... [--json]               parse official documents (.txt .docx .pdf, page images)
tincoso rollup UNIT --from DATE --to DATE [--json]   figures of a subtree over a period
tincoso normalise [FILE...]                  sentences (one a line, stdin or files) → JSON lines
                                             {"text", "reading"}: how the loudspeakers read them
tincoso backup FILE                          database + media files into one archive (.tar.gz)
tincoso restore FILE                         put an archive back (checked first)
tincoso move-to-postgres --from FILE [--replace]   copy a SQLite installation into the
                                             PostgreSQL database DATABASE_URL names
tincoso device-keys status | new FILE         the device signing keys: those in use and
                                             announced, or a new key for a rotation
                                             (docs/device-protocol.md §2.1)
tincoso manage COMMAND ...                   any Django management command
"""

from __future__ import annotations

import os
import sys
from typing import Any


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
    import django

    django.setup()


def _address_problem(host: str, port: int) -> str | None:
    """Why the address cannot be served, in both languages, or None.

    granian binds with SO_REUSEPORT, so a second server on a port in use would
    quietly share it with the first; a plain bind first says so instead."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is fine
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return "cổng đang được dùng bởi một chương trình khác / already in use"
            return f"{error.strerror}"
    return None


def _serve(argv: list[str]) -> int:
    """granian (a Rust HTTP server, WSGI interface) plus the scheduler and the task worker.

    Measured on the portal item page (bench/publishing.py): granian answers
    about three times more pages a second than gunicorn's sync workers with the
    same application, because connections stay open and the HTTP work is not
    in Python.
    """
    import argparse
    import atexit

    parser = argparse.ArgumentParser(prog="tincoso serve")
    parser.add_argument("--bind", default=os.environ.get("TINCOSO_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("WEB_THREADS", "4")),
        help="Python threads per worker that run requests (each may hold a database connection)",
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=int(os.environ.get("WEB_CONNECTIONS", "512")),
        help="open connections each worker accepts, idle keep-alive ones included",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        default=os.environ.get("TINCOSO_ACCESS_LOG", "") == "1",
        help="log every request (off by default: nginx in front keeps the access log)",
    )
    parser.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not run periodic jobs here (another machine runs them)",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not run a background task worker here (`tincoso worker` runs elsewhere)",
    )
    parser.add_argument(
        "--no-mqtt",
        action="store_true",
        help="no MQTT here: no local broker, no uplink worker (devices poll over HTTP)",
    )
    args = parser.parse_args(argv)
    host, _, port = args.bind.rpartition(":")
    if not host or not port.isdigit():
        parser.error(f"--bind HOST:PORT, not {args.bind!r}")
    problem = _address_problem(host.strip("[]"), int(port))
    if problem:
        print(
            f"tincoso serve: không dùng được địa chỉ {args.bind} ({problem}). "
            f"Cannot use {args.bind}: {problem}.",
            file=sys.stderr,
        )
        return 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
    if os.environ.get("TINCOSO_ENV", "development") != "production":
        # Links in mail and notifications point where this server answers, unless the
        # site's public address is configured (production always configures it).
        os.environ.setdefault("SITE_URL", f"http://{args.bind}")
    from granian import Granian
    from granian.constants import Interfaces

    from tincoso import taskbackend
    from tincoso.supervise import Supervised

    me = [sys.executable, "-m", "tincoso.cli"]
    if not args.no_scheduler:
        atexit.register(Supervised("scheduler", [*me, "manage", "run_periodic"]).start().stop)
    worker_argv = taskbackend.worker_command(os.environ)
    if not args.no_worker and worker_argv is not None:
        # Background tasks (speech rendered at approval, documents read at import), on
        # the database or on Redis (RQ): one worker beside the web server.
        worker = Supervised("task worker", [*me, "manage", *worker_argv])
        atexit.register(worker.start().stop)
    if not args.no_mqtt:
        _start_mqtt(atexit)
    print(f"Tin Cơ Sở: http://{args.bind}/", flush=True)
    Granian(
        "tincoso.wsgi:application",
        address=host.strip("[]"),
        port=int(port),
        interface=Interfaces.WSGI,
        workers=args.workers,
        # Two different limits. Python threads (blocking_threads) bound the requests
        # running at once and so the database connections: workers x threads.
        # backpressure bounds the *connections* a worker holds, idle keep-alive ones
        # included: a browser keeps six open, so it must never be the thread count
        # (an idle connection would hold the only slot until keep-alive expires, 30 s).
        # Requests beyond the threads wait in granian's queue, not in a connection slot.
        blocking_threads=args.threads,
        blocking_threads_idle_timeout=600,
        backpressure=args.connections,
        websockets=False,
        log_access=args.access_log,
        respawn_failed_workers=True,
    ).serve()
    return 0


def _worker(argv: list[str]) -> int:
    """One background task worker for the configured backend (``--burst``: work what
    is queued, then exit). Several may run, on any machine that reaches the queue."""
    from tincoso import taskbackend

    burst = "--burst" in argv
    command = taskbackend.worker_command(os.environ, burst=burst)
    if command is None or set(argv) - {"--burst"}:
        print("tincoso worker [--burst]: chạy công việc nền / runs background tasks "
              f"(TASKS_BACKEND={taskbackend.backend(os.environ)} has no worker here)"
              if command is None else "tincoso worker [--burst]", file=sys.stderr)  # fmt: skip
        return 2
    if not burst:
        # The worker runs as a child started again whenever it ends on its own: RQ's
        # worker quits (code 0, so systemd's Restart=on-failure would not see it) on a
        # Redis error outside its wait for a job; a crash while reading a file, too.
        from tincoso.supervise import Supervised

        me = [sys.executable, "-m", "tincoso.cli", "manage", *command]
        supervised = Supervised("task worker", me, said_by="tincoso worker", own_session=True)
        return supervised.run_in_foreground()
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tincoso manage", *command])
    return 0


def _start_mqtt(atexit: Any) -> None:
    """The local broker when MQTT_URL is empty (its settings then go to every child
    through the environment), and the uplink worker."""
    from pathlib import Path

    if not os.environ.get("MQTT_URL"):
        from tincoso.broadcast.devices.broker import LocalBroker, apply_to_environment

        # settings.VAR_DIR, without setting Django up in the parent of granian's workers
        var = os.environ.get("TINCOSO_VAR_DIR") or Path(__file__).resolve().parent.parent / "var"
        broker = LocalBroker(Path(var) / "mqtt")
        apply_to_environment(broker.start())
        atexit.register(broker.stop)
        print(f"MQTT: {os.environ['MQTT_URL']} (Mosquitto in {broker.directory})", flush=True)
    from tincoso.supervise import Supervised

    uplink = Supervised("uplink worker", [sys.executable, "-m", "tincoso.cli", "uplink"])
    atexit.register(uplink.start().stop)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = args[0], args[1:]
    if command == "parse":
        _django()  # extraction speaks Vietnamese and English through Django's gettext
        from tincoso.documents.parse_command import main as parse_main

        return parse_main(rest)
    if command == "serve":
        return _serve(rest)
    if command == "worker":
        return _worker(rest)
    if command == "scale":  # starts its own deployment: no Django in this process
        from tincoso.scale.run import main as scale_main

        return scale_main(rest)
    if command == "normalise":  # plain text rules: no Django needed
        from tincoso.broadcast.reading.command import main as normalise_main

        return normalise_main(rest)
    _django()
    from django.core.management import call_command, execute_from_command_line

    if command == "manage":
        execute_from_command_line(["tincoso manage", *rest])
        return 0
    if command in {"demo", "units", "rollup", "backup", "restore", "move-to-postgres", "uplink",
                   "device-keys"}:
        from django.core.management.base import CommandError

        try:
            call_command(command.replace("-", "_"), *rest)
        except CommandError as exc:
            print(f"tincoso {command}: {exc}", file=sys.stderr)
            return 1
        return 0
    print(f"tincoso: unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
