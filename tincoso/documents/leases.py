"""Who is reading an import, until when: leases, so that a killed worker loses nothing.

A worker claims a queued import with one conditional UPDATE (queued → extracting,
its own name, a lease of ``IMPORT_LEASE_SECONDS``), renews the lease while it reads
(a heartbeat thread, and each page read), and finishes only while the claim is still
its own (:func:`finish_if_mine`, in the transaction that makes the draft). A worker
that dies (kill -9, the machine lost) stops renewing: the scheduler's
:func:`requeue_lost` finds the lease run out, puts the import back in the queue with
one conditional UPDATE and enqueues it again. A worker that was only slow and comes
back finds its claim gone and makes nothing, so the draft is made once.

A queued import also carries a lease: the time by which a worker should have
claimed it. When that passes (the queue lost the job: Redis restarted without its
file, or down when the upload was committed), it is enqueued again; a second copy of
a job is harmless, as only one run can claim the row. After ``MAX_ATTEMPTS`` claims
that all died (a file that kills its reader every time) the import fails with a
message instead of looping.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import DomainError
from tincoso.documents.models import Import

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# A queued import not claimed within this many leases is enqueued again.
QUEUE_GRACE_LEASES = 5
GAVE_UP = _(
    "Việc đọc tệp này đã bị ngắt %(n)d lần (tiến trình đọc dừng giữa chừng). "
    "Hãy kiểm tra tệp hoặc báo quản trị viên."
)


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=max(1, int(settings.IMPORT_LEASE_SECONDS)))


def worker_name() -> str:
    """This run's name: host and process (to find it), and a random part (to tell it
    from an earlier run of the same process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def queued_lease() -> dt.datetime:
    """When a newly queued import should have been claimed by."""
    return clock.now() + lease() * QUEUE_GRACE_LEASES


def claim(pk: int, me: str) -> bool:
    """Take a queued import for reading (True), or leave it to whoever has it."""
    return bool(
        Import.objects.filter(pk=pk, status=Import.Status.QUEUED).update(
            status=Import.Status.EXTRACTING,
            claimed_by=me,
            lease_until=clock.now() + lease(),
            attempts=F("attempts") + 1,
            page=0,
        )
    )


def renew(pk: int, me: str) -> bool:
    """Push the lease on while the claim is this run's; False once it is not."""
    return bool(
        Import.objects.filter(pk=pk, status=Import.Status.EXTRACTING, claimed_by=me).update(
            lease_until=clock.now() + lease()
        )
    )


def finish_if_mine(pk: int, me: str, **fields: object) -> bool:
    """Record the end of the reading (status and the rest) only if this run still holds
    the claim; call it inside the transaction that writes the result, first, so the
    row stays locked until the result is written."""
    return bool(
        Import.objects.filter(pk=pk, status=Import.Status.EXTRACTING, claimed_by=me).update(
            lease_until=None, finished_at=clock.now(), **fields
        )
    )


@contextmanager
def heartbeat(pk: int, me: str) -> Iterator[None]:
    """Renew the lease every third of it from a thread of its own (OCR of one page may
    take longer than the gap between page callbacks)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(lease().total_seconds() / 3):
                try:
                    if not renew(pk, me):
                        return
                except Exception:  # the database restarting: try again at the next beat
                    logger.warning("import %s: lease not renewed", pk, exc_info=True)
                    connection.close()
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"import-{pk}-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def requeue_lost() -> str:
    """The scheduler's job: put back in the queue the imports whose reader died, and
    enqueue again those the queue lost; give up on a file after MAX_ATTEMPTS."""
    from tincoso.documents.importing import enqueue

    now = clock.now()
    requeued = gave_up = reenqueued = 0
    expired = Import.objects.filter(status=Import.Status.EXTRACTING, lease_until__lt=now)
    for pk, attempts in expired.values_list("pk", "attempts"):
        mine = Import.objects.filter(pk=pk, status=Import.Status.EXTRACTING, lease_until__lt=now)
        if attempts >= MAX_ATTEMPTS:
            message = DomainError(GAVE_UP, n=attempts).bilingual()
            gave_up += mine.update(
                status=Import.Status.FAILED, error_vi=message["vi"], error_en=message["en"],
                lease_until=None, finished_at=now,
            )  # fmt: skip  (the file is kept: an administrator may want to see it)
            continue
        if mine.update(status=Import.Status.QUEUED, claimed_by="", lease_until=queued_lease()):
            requeued += 1
            enqueue(pk)
    waiting = Import.objects.filter(status=Import.Status.QUEUED, lease_until__lt=now)
    for pk in waiting.values_list("pk", flat=True):
        if Import.objects.filter(pk=pk, status=Import.Status.QUEUED, lease_until__lt=now).update(
            lease_until=queued_lease()
        ):
            reenqueued += 1
            enqueue(pk)
    return f"requeued {requeued}, enqueued again {reenqueued}, gave up {gave_up}"
