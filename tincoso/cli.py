"""The ``tincoso`` command.

tincoso serve [--bind ADDR] [--workers N] [--threads N]   serve the platform (granian, WSGI)
tincoso demo                                 load the demo province (idempotent)
tincoso units import FILE | export [--format csv|yaml] [--root CODE]
tincoso parse FILE... [--json]               parse official documents
tincoso rollup UNIT --from DATE --to DATE [--json]   figures of a subtree over a period
tincoso manage COMMAND ...                   any Django management command
"""

from __future__ import annotations

import os
import sys


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
    import django

    django.setup()


def _serve(argv: list[str]) -> int:
    """granian (a Rust HTTP server, WSGI interface) plus the scheduler.

    Measured on the portal item page (bench/publishing.py): granian answers
    about three times more pages a second than gunicorn's sync workers with the
    same application, because connections stay open and the HTTP work is not
    in Python.
    """
    import argparse
    import atexit
    import subprocess

    parser = argparse.ArgumentParser(prog="tincoso serve")
    parser.add_argument("--bind", default=os.environ.get("TINCOSO_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("WEB_THREADS", "1")),
        help="requests each worker runs at once (each holds a database connection)",
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
    args = parser.parse_args(argv)
    host, _, port = args.bind.rpartition(":")
    if not host or not port.isdigit():
        parser.error(f"--bind HOST:PORT, not {args.bind!r}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
    from granian import Granian
    from granian.constants import Interfaces

    if not args.no_scheduler:
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "tincoso.cli", "manage", "run_periodic"]
        )
        atexit.register(scheduler.terminate)
    print(f"Tin Cơ Sở: http://{args.bind}/", flush=True)
    Granian(
        "tincoso.wsgi:application",
        address=host.strip("[]"),
        port=int(port),
        interface=Interfaces.WSGI,
        workers=args.workers,
        # granian's default for WSGI is backlog/workers/2 threads (256 here): as many
        # database connections per worker, and SQLite writers fighting for the lock.
        blocking_threads=args.threads,
        backpressure=args.threads,
        websockets=False,
        log_access=args.access_log,
        respawn_failed_workers=True,
    ).serve()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = args[0], args[1:]
    if command == "parse":
        from tincoso.documents.parser.cli import main as parse_main

        return parse_main(rest)
    if command == "serve":
        return _serve(rest)
    _django()
    from django.core.management import call_command, execute_from_command_line

    if command == "manage":
        execute_from_command_line(["tincoso manage", *rest])
        return 0
    if command in {"demo", "units", "rollup"}:
        call_command(command, *rest)
        return 0
    print(f"tincoso: unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
