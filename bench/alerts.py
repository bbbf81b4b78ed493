"""CAP alerts: how long building, signing (XML-DSig, RSA-SHA256, signxml) and
validating (the OASIS XSD) one message takes, the target being under 50 ms
(issue 15). Also verifying a signature, as a partner does.

The portal banner: what the alerts add to the portal's stamp (one query every
anonymous request pays) with ``BANNER_ROWS`` sent alerts in the table, and from an
alert being sent to an anonymous reader of a cached village page seeing its banner
(one request: the stamp moved, the page is rendered again).

An alert with a Vietnamese and an English <info>, a polygon and two area units, in a
throwaway SQLite database; figures are the median and the worst of 50 runs, after
one warm-up (the key is read and the schema parsed once per process).

    .venv/bin/python -m bench alerts
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 50
BANNER_ROWS = 2000


def _alert() -> object:
    from tincoso.alerts.drafts import Draft, InfoDraft
    from tincoso.alerts.services import _write, check
    from tincoso.core import clock
    from tincoso.units.models import Unit

    root = Unit.objects.add_root({"code": "p", "name": "Tỉnh", "kind": "province"})
    root = Unit.objects.get(pk=root.pk)
    made = Unit.objects.add_child(root, {"code": "v", "name": "Bản Nà Khum", "kind": "village"})
    village = Unit.objects.get(pk=made.pk)
    draft = Draft(
        event="Lũ quét",
        headline="Cảnh báo lũ quét, rủi ro thiên tai cấp độ 3",
        description="Mưa lớn có thể gây lũ quét trên suối Nà Khum đêm nay. " * 5,
        instruction="Di chuyển ngay lên chỗ cao.",
        area_units=[root, village],
        category="Geo",
        risk_level=3,
        hazard="mua-lon-lu-lu-quet-sat-lo",
        polygon="21.30,105.10 21.35,105.10 21.35,105.20 21.30,105.10",
        expires=clock.now() + dt.timedelta(hours=6),
        infos=[
            InfoDraft(
                "en",
                "Flash flood",
                "Flash flood warning, level 3",
                "Heavy rain may cause flash floods tonight.",
                "Move to high ground.",
            )
        ],
    )
    alert = _write(None, root, check(root, draft))
    alert.sent_at = clock.now()
    return alert


def worker() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from tincoso.alerts import cap, schema, signing

    call_command("migrate", verbosity=0)
    alert = _alert()

    def once() -> bytes:
        xml = signing.sign(cap.build(alert))  # type: ignore[arg-type]
        schema.validate(xml)
        return xml

    xml = once()
    total, verify = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        once()
        total.append(time.perf_counter() - started)
        started = time.perf_counter()
        signing.verify(xml)
        verify.append(time.perf_counter() - started)
    ms = [t * 1000 for t in total]
    print(
        f"CAP build + sign + validate: median {statistics.median(ms):.1f} ms, "
        f"worst {max(ms):.1f} ms over {RUNS} runs ({len(xml):,} bytes signed)"
    )
    print(f"verify a signature: median {statistics.median(verify) * 1000:.1f} ms")
    _banner(alert)


def _median_ms(fn: object, runs: int = 200) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _banner(alert: object) -> None:
    from django.db import connection
    from django.test import Client

    from tincoso.alerts.models import Alert
    from tincoso.core import clock
    from tincoso.publishing import caching

    base = alert  # an unsent row of the tree above: copies of it, sent and expired
    rows = []
    for n in range(BANNER_ROWS):
        copy = Alert(**{f.attname: getattr(base, f.attname) for f in Alert._meta.concrete_fields})
        copy.pk, copy.identifier, copy.state = None, f"old-{n}", "sent"
        copy.expires = clock.now() - dt.timedelta(days=1 + n % 300)
        rows.append(copy)
    Alert.objects.bulk_create(rows)

    def base_only() -> None:
        with connection.cursor() as cursor:
            cursor.execute(caching.STAMP_SQL, [clock.now()])
            cursor.fetchall()

    def with_alerts() -> None:
        with connection.cursor() as cursor:
            sql = caching.stamp_sql()
            cursor.execute(sql, [clock.now()] * sql.count("%s"))
            cursor.fetchall()

    print(f"portal stamp with {BANNER_ROWS:,} alerts: median {_median_ms(with_alerts):.3f} ms"
          f" (without the alerts' part: {_median_ms(base_only):.3f} ms)")  # fmt: skip
    live = Alert.objects.get(pk=alert.pk)  # type: ignore[attr-defined]
    units = list(live.area_units.all())
    client, delays = Client(), []
    for n in range(20):
        live.expires = clock.now() - dt.timedelta(seconds=1)  # the previous one is over
        live.save(update_fields=["expires"])
        live.pk, live.identifier, live.state, live.sent_at = None, f"new-{n}", "draft", None
        live.expires = clock.now() + dt.timedelta(hours=1)
        live.save()  # the draft waiting for its second person
        live.area_units.set(units)
        assert b"alert-banner" not in client.get("/don-vi/v/").content  # cached, no banner
        started = time.perf_counter()
        live.state, live.sent_at = "sent", clock.now()
        live.save(update_fields=["state", "sent_at"])  # what approve() commits
        page = client.get("/don-vi/v/").content
        delays.append(time.perf_counter() - started)
        assert b"alert-banner" in page, n
    print(f"sent to banner on a cached page: median {statistics.median(delays) * 1000:.1f} ms,"
          f" worst {max(delays) * 1000:.1f} ms over 20 sends")  # fmt: skip


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TINCOSO_VAR_DIR": tmp}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "bench.alerts", "--worker"], cwd=ROOT, env=env,
                       check=False)  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
        worker()
    else:
        run()
