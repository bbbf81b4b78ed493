"""The backing services of the deployment, from Debian's packages, on loopback:
PostgreSQL (a throwaway cluster), Redis (with its append-only file, so the task
queue survives a restart, as in production) and nginx (generated from
``deploy/nginx.conf``'s proxy settings, spreading requests over the app servers)."""

# ruff: noqa: S603 (fixed programs from Debian, our own arguments)
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from tincoso.scale.processes import Proc, Processes, free_port, wait_for_port


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL is missing: scripts/system-deps.sh test installs it")
    return found[-1]


def _as_postgres(argv: Sequence[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else list(argv)


def postgres(run: Processes, folder: Path) -> tuple[Proc, str]:
    """A new cluster in ``folder`` served by ``postgres`` itself (no pg_ctl: the server
    is our child, so a restart is a kill and a start); its DATABASE_URL."""
    bindir, data, port = postgres_bin(), folder / "pgdata", free_port()
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                                 "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    proc = run.add(Proc("postgresql", [
        str(bindir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(folder),
        "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=100",
        "-c", "fsync=off", "-c", "full_page_writes=off",
    ], os.environ, folder / "postgres.log", user="postgres",
        stop_signal=signal.SIGINT))  # fmt: skip  (SIGTERM would wait for every client)
    wait_for_port(port, alive=proc)
    _wait_for_sql(bindir, port)
    subprocess.run(_as_postgres([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                                 "-U", "postgres", "tincoso"]),
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    return proc, f"postgres://postgres@127.0.0.1:{port}/tincoso"


def _wait_for_sql(bindir: Path, port: int, timeout: float = 30.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while subprocess.run([str(bindir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)],
                         check=False).returncode != 0:  # fmt: skip
        if time.monotonic() > deadline:
            raise RuntimeError("PostgreSQL did not accept connections")
        time.sleep(0.1)


def psql(database_url: str, query: str) -> str:
    """One value read with psql (the load's side has no Django)."""
    done = subprocess.run([str(postgres_bin() / "psql"), database_url, "-Atc", query],
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    return done.stdout.strip()


def restart_postgres(proc: Proc) -> None:
    """As if the machine lost power: immediate shutdown (SIGQUIT), crash recovery on start."""
    port = int(list(proc.argv)[list(proc.argv).index("-p") + 1])
    proc.signal_group(signal.SIGQUIT)
    assert proc.process is not None
    proc.process.wait(timeout=30)
    proc.start()
    wait_for_port(port, alive=proc)
    _wait_for_sql(postgres_bin(), port)


def redis(run: Processes, folder: Path) -> tuple[Proc, str]:
    """Redis keeping an append-only file written at every command (no queued task is
    lost in a restart); its URL."""
    server = shutil.which("redis-server")
    if server is None:
        raise RuntimeError("redis-server is missing: scripts/system-deps.sh test installs it")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    proc = run.add(Proc("redis", [
        server, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
        "--save", "", "--appendonly", "yes", "--appendfsync", "always",
    ], os.environ, folder / "redis.log"))  # fmt: skip
    wait_for_port(port, alive=proc)
    return proc, f"redis://127.0.0.1:{port}/0"


def restart(proc: Proc, port: int) -> None:
    """Stop (SIGTERM: the program's own clean shutdown) and start again on its port."""
    proc.stop()
    proc.start()
    wait_for_port(port, alive=proc)


def nginx_conf(folder: Path, http: str) -> Path:
    """``folder/nginx.conf`` for an nginx that is not the system's: in the foreground,
    its pid, error log and temp files in ``folder`` (as root, its workers stay root, so
    they can write there); ``http`` is the inside of the ``http`` block."""
    temp = folder / "nginx-temp"
    temp.mkdir(parents=True, exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    path = folder / "nginx.conf"
    path.write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{http}
}}
""",
        encoding="utf-8",
    )
    return path


def nginx_config(folder: Path, port: int, upstreams: Sequence[int],
                 manifests: Path | None = None) -> Path:
    """nginx as the load balancer: the shipped proxy settings, two app servers, and a
    failed or dead server's idempotent requests passed to the next one (a POST is not
    repeated: its client gets the error); with ``manifests`` (DEVICE_MANIFEST_DIR) it
    also serves the devices' published manifests itself (docs/device-protocol.md §4.5)."""
    from tincoso.broadcast.devices.published_nginx import nginx_location

    published = nginx_location(manifests) if manifests is not None else ""
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=2 fail_timeout=3s;" for p in upstreams)
    return nginx_conf(
        folder,
        f"""    include /etc/nginx/mime.types;
    access_log {folder}/nginx-access.log;
    upstream tincoso_app {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        {published}
        location / {{
            proxy_pass http://tincoso_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout http_502;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
    }}""",
    )


def nginx(run: Processes, folder: Path, upstreams: Sequence[int],
          env: Mapping[str, str], manifests: Path | None = None) -> tuple[Proc, int]:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise RuntimeError("nginx is missing: scripts/system-deps.sh test installs it")
    port = free_port()
    config = nginx_config(folder, port, upstreams, manifests)
    proc = run.add(Proc("nginx", [binary, "-c", str(config)], env, folder / "nginx.log"))
    wait_for_port(port, alive=proc)
    return proc, port
