"""``tincoso scale [--small]``: start the deployment, load it for a bounded time while
faults are injected one after another, drain, then print what was sent, stored and
lost, and check that nothing is left running. Exit 0 only when nothing was lost,
nothing stored twice, no request had an unclear answer, the service came back within
10 s after every fault, and no process is left."""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tincoso.scale import deploy, load, samples, services
from tincoso.scale.deploy import Deployment
from tincoso.scale.processes import Processes, descendants, wait_for_port

BACK_WITHIN = 10.0


@dataclass
class Fault:
    name: str
    began: float
    done: float = 0.0
    back_after: float | None = None


@dataclass
class Probe:
    """GET /readyz through nginx five times a second, as a load balancer does (an
    answer slower than 3 s counts as not ready): how long was the service not ready."""

    site: load.Site
    seen: list[tuple[float, bool]] = field(default_factory=list)

    def loop(self, stop: threading.Event) -> None:
        while not stop.is_set():
            began = time.monotonic()
            ready = self.site.request("GET", "/readyz").status == 200
            self.seen.append((began, ready))
            time.sleep(0.2)

    def not_ready_for(self, fault: Fault, until: float) -> float | None:
        """Seconds from the first failed probe after the fault began to the next ready
        one after the last failure before ``until`` (0: never not ready; None: still)."""
        window = [(t, ready) for t, ready in self.seen if fault.began <= t < until]
        failed = [t for t, ready in window if not ready]
        if not failed:
            return 0.0
        after = [t for t, ready in self.seen if ready and t > failed[-1]]
        return after[0] - failed[0] if after else None


def kill_app_server(d: Deployment) -> None:
    """kill -9 of app server 1 (granian and its worker); systemd would start it again."""
    victim = d.apps[0]
    port = int(list(victim.argv)[list(victim.argv).index("--bind") + 1].rsplit(":", 1)[1])
    victim.kill9()
    time.sleep(2)
    victim.start()
    wait_for_port(port, timeout=60, alive=victim)


def kill_worker_mid_task(d: Deployment, site: load.Site, tally: load.Tally, pages: int) -> None:
    """Send a scan to import, and once a worker is reading it, kill -9 that worker
    (and its work-horse); start a fresh worker as systemd would."""
    pk = load.import_file(site, tally, "quet", samples.scan(f"q{time.time_ns()}", pages),
                          "quet.pdf")  # fmt: skip
    if not pk:
        raise RuntimeError("the scan to be read during the worker kill was refused")
    deadline = time.monotonic() + 120
    while True:
        got = site.request("GET", f"/api/document-imports/{pk}/", staff=True)
        if got.status == 200 and got.json()["status"] == "extracting":
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"no worker started reading the scan: {got.body[:300]!r}")
        time.sleep(0.2)
    query = f"SELECT claimed_by FROM documents_import WHERE id = {int(pk)}"  # noqa: S608
    holder = services.psql(d.env["DATABASE_URL"], query)
    pid = int(holder.split(":")[1])  # host:pid:run of the work-horse reading it
    reading = [w for w in d.workers if w.process and pid in [w.process.pid,
                                                              *descendants(w.process.pid)]]
    if not reading:
        raise RuntimeError(f"no task worker holds process {pid}")
    victim = reading[0]
    victim.kill9()
    time.sleep(1)
    victim.start()


def restart_postgres(d: Deployment) -> None:
    services.restart_postgres(d.postgres)


def restart_redis(d: Deployment) -> None:
    services.restart(d.redis, d.redis_port)


def restart_broker(d: Deployment) -> None:
    d.broker.stop()
    d.broker.start()
    if d.broker.process is not None:
        d.run.other_pids.append(d.broker.process.pid)


def warm_up(d: Deployment) -> None:
    """Each app server's first requests load templates and open connections: done
    before the load, so that a cold start is not taken for a fault."""
    for app in d.apps:
        port = int(list(app.argv)[list(app.argv).index("--bind") + 1].rsplit(":", 1)[1])
        direct = load.Site(port, d.token)
        for path in [*load.READS, "/readyz", "/api/items/"]:
            direct.request("GET", path, staff=path.startswith("/api/"))


def verify(d: Deployment, tally: load.Tally) -> dict[str, object]:
    sent = {"feedback_tokens": tally.feedback_sent, "item_ids": list(tally.titles_sent),
            "import_ids": tally.imports_acked}  # fmt: skip
    path = d.folder / "sent.json"
    path.write_text(json.dumps(sent), encoding="utf-8")
    out = subprocess.run([*deploy.ME[:2], "tincoso.scale.verify", str(path)], env=d.env,  # noqa: S603
                         capture_output=True, text=True, timeout=300, check=True)  # fmt: skip
    result: dict[str, object] = json.loads(out.stdout)
    return result


def drain(site: load.Site, tally: load.Tally, seconds: float) -> None:
    """Wait until every accepted import is parsed or failed (or time runs out)."""
    deadline = time.monotonic() + seconds
    waiting = list(tally.imports_acked)
    while waiting and time.monotonic() < deadline:
        got = site.request("GET", f"/api/document-imports/{waiting[0]}/", staff=True)
        if got.status == 200 and got.json()["status"] in {"parsed", "failed"}:
            waiting.pop(0)
        else:
            time.sleep(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tincoso scale")
    parser.add_argument("--small", action="store_true", help="a short run (the test's)")
    parser.add_argument("--keep", action="store_true", help="keep the folder with the logs")
    args = parser.parse_args(argv)
    small = args.small
    # SIGTERM (a CI's time-out, systemd) stops everything started, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="tincoso-scale-"))
    folder.chmod(0o755)  # PostgreSQL runs as its own user and must reach its folder
    started = time.monotonic()
    with Processes() as run:
        print(f"Starting the deployment in {folder} …", flush=True)
        d = deploy.start(run, folder, lease_seconds=4)
        print(f"Up in {time.monotonic() - started:.0f} s: nginx on 127.0.0.1:{d.nginx_port}",
              flush=True)  # fmt: skip
        warm_up(d)
        site, tally, stop = load.Site(d.nginx_port, d.token), load.Tally(), threading.Event()
        probe = Probe(load.Site(d.nginx_port, d.token, timeout=3.0))
        keeping = threading.Event()  # the supervisor keeps going until everything stops
        threading.Thread(target=d.keep, args=(keeping,), daemon=True).start()
        users: list[Callable[[], None]] = [lambda: probe.loop(stop)]
        users += [lambda: load.reader(site, tally, stop)] * (2 if small else 4)
        users += [lambda i=i: load.citizen(site, tally, stop, f"c{i}")  # type: ignore[misc]
                  for i in range(2 if small else 3)]  # fmt: skip
        users += [lambda i=i: load.editor(site, tally, stop, f"e{i}")  # type: ignore[misc]
                  for i in range(2)]  # fmt: skip
        users += [lambda: load.importer(site, tally, stop, "i")]
        threads = [threading.Thread(target=user, daemon=True) for user in users]
        for thread in threads:
            thread.start()
        gap = 3.0 if small else 8.0
        steps: list[tuple[str, Callable[[], None]]] = [
            ("kill -9 app server 1", lambda: kill_app_server(d)),
            ("kill -9 a task worker mid-task",
             lambda: kill_worker_mid_task(d, site, tally, 1 if small else 2)),
            ("restart PostgreSQL", lambda: restart_postgres(d)),
            ("restart Redis", lambda: restart_redis(d)),
            ("restart Mosquitto", lambda: restart_broker(d)),
        ]  # fmt: skip
        faults = []
        time.sleep(gap)
        for name, act in steps:
            fault = Fault(name, time.monotonic())
            print(f"  fault: {name}", flush=True)
            act()
            fault.done = time.monotonic()
            faults.append(fault)
            time.sleep(gap)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        drain(site, tally, 120 if small else 180)
        ends = [f.began for f in faults[1:]] + [time.monotonic()]
        for fault, until in zip(faults, ends, strict=True):
            fault.back_after = probe.not_ready_for(fault, until)
        found = verify(d, tally)
        keeping.set()
        # Dead and not started again (the supervised ones are, and are reported).
        died = [p.name for p in run.all if not p.alive() and p not in d.kept]
        restarted = {p.name: p.starts - 1 for p in d.kept if p.starts > 1}
        for worker in d.workers:  # ``tincoso worker`` starts its RQ worker again itself
            again = worker.tail(size=10**7).count("tincoso worker: task worker stopped")
            if again:
                restarted[f"{worker.name} (its RQ worker)"] = again
        run.stop_all()
        left = run.left_running()
    ok = report(tally, faults, found, left + [f"{name} (died during the run)" for name in died],
                time.monotonic() - started)
    if restarted:
        print("started again after exiting (the supervisor, tincoso worker): "
              + ", ".join(f"{name} ×{n}" for name, n in restarted.items()))
    if not args.keep and ok:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"Logs kept in {folder}")
    return 0 if ok else 1


def report(tally: load.Tally, faults: list[Fault], found: dict[str, object], left: list[str],
           seconds: float) -> bool:  # fmt: skip
    from tincoso.scale.table import table

    text, ok = table(tally, faults, found, left, seconds, BACK_WITHIN)
    print(text, flush=True)
    return ok


if __name__ == "__main__":
    sys.exit(main())
