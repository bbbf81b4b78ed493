"""Which devices already trust the next signing key (§2.1, step 1): their heartbeats
report the key ids they trust (``Device.reported_key_ids``). The switch (step 2) is
safe once every enrolled device knows the next key; these are the ones to wait for."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from tincoso.broadcast.devices import key_ring
from tincoso.broadcast.devices.models import Device


@dataclass(frozen=True)
class Reach:
    key_id: str
    enrolled: int  # devices holding a credential (not revoked)
    knowing: int  # of which report the next key
    silent: int  # of which never reported their keys (older firmware, never heard)

    @property
    def missing(self) -> int:
        return self.enrolled - self.knowing


def enrolled(qs: QuerySet[Device] | None = None) -> QuerySet[Device]:
    qs = Device.objects.all() if qs is None else qs
    return qs.filter(revoked_at__isnull=True).exclude(token_hash="")


def lacking(qs: QuerySet[Device], key_id: str) -> QuerySet[Device]:
    """Enrolled devices of ``qs`` that have not reported ``key_id``."""
    return enrolled(qs).exclude(reported_key_ids__contains=key_id)


def next_key_reach() -> Reach | None:
    """How far the next key has spread, or None outside a rotation."""
    key_id = key_ring.next_key_id()
    if key_id is None:
        return None
    devices = enrolled()
    return Reach(key_id, devices.count(),
                 devices.filter(reported_key_ids__contains=key_id).count(),
                 devices.filter(reported_key_ids="").count())
