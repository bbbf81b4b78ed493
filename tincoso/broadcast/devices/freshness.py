"""When a computed manifest may be answered again without computing it.

Most manifest requests are polls of an unchanged schedule (answered 304), and
computing the playlist costs far more than the rest of the request. So the signed
manifest is kept in the cache, valid until the first of:

- the next change of anything a playlist is made of: every save or delete of a
  station, cluster, slot, programme, entry, offer (and its clusters), schedule or
  bulletin bumps a **generation** counter in the shared cache (one store for every
  worker process; the database cache without Redis). Code that changes these
  rows with ``QuerySet.update()`` (no signals) must call ``bump()`` itself;
- the end of the first play in the list (it then drops out: new content);
- ``MAX_REUSE`` after it was computed (a play entering the far end of the window
  waits at most that long; it starts hours later).

The generation is bumped at once and again on commit, so a request that read
the old rows between the change and its commit cannot keep them cached.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.stations.models import (
    Cluster,
    Entry,
    Offer,
    Programme,
    Schedule,
    Slot,
    Station,
)

MAX_REUSE = dt.timedelta(seconds=60)
GENERATION_KEY = "broadcast-devices:generation"
WATCHED = (Station, Cluster, Slot, Programme, Entry, Offer, Schedule, Bulletin)


def generation() -> int:
    return int(caches["shared"].get(GENERATION_KEY) or 0)


def _increment() -> None:
    store = caches["shared"]
    try:
        store.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value will do
        store.set(GENERATION_KEY, generation() + 1, timeout=None)


def bump() -> None:
    """Every cached manifest is stale from now on."""
    _increment()
    transaction.on_commit(_increment)


def _changed(sender: Any, **kwargs: Any) -> None:
    bump()


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"devices-fresh-{model.__name__}")
        post_delete.connect(_changed, sender=model,
                            dispatch_uid=f"devices-gone-{model.__name__}")
    m2m_changed.connect(_changed, sender=Offer.clusters.through,
                        dispatch_uid="devices-fresh-offer-clusters")
