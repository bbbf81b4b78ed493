"""CAP alerts: how long building, signing (XML-DSig, RSA-SHA256, signxml) and
validating (the OASIS XSD) one message takes, the target being under 50 ms
(issue 15). Also verifying a signature, as a partner does.

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
