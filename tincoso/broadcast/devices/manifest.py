"""The signed manifest: what one device plays for the next ``MANIFEST_HOURS``.

The items are ``stations.playlist.playlist`` for the device's target (its cluster;
else the station of its unit or of the nearest unit above it), each with the URL,
size and SHA-256 of its audio. ``version`` is monotonic per device and moves only
when the content moves (a play ends or enters the window, a schedule changes) or
when the manifest has used up half its validity, so an unchanged manifest keeps
its bytes, its signature and its ETag and a device polling it gets 304.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import F
from django.urls import reverse

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import freshness, key_ring, published, signing
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.stations.models import Cluster, Entry, Schedule, Station
from tincoso.broadcast.stations.playlist import Play, playlist
from tincoso.core.env import env_int

FORMAT = "tincoso-device-manifest/1"


def manifest_hours() -> int:
    return max(1, min(env_int("DEVICE_MANIFEST_HOURS", 48), 24 * 7))


@dataclass(frozen=True)
class Manifest:
    device_id: int
    version: int
    etag: str
    body: bytes
    signature: str
    key_id: str
    bulletin_ids: frozenset[int]
    fresh_until: dt.datetime  # may be answered again until then (freshness.py)


def target_of(device: Device) -> Station | Cluster | None:
    """What the device plays: its cluster, else the station of its unit or above."""
    if device.cluster_id is not None and device.cluster is not None:
        return device.cluster
    paths = device.unit.paths_above()
    return Station.objects.filter(unit__path__in=paths).order_by("-unit__depth").first()


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def play_id(play: Play) -> str:
    """A play's stable id: its start (UTC, seconds) and its bulletin."""
    return f"{int(play.start.timestamp())}-{play.bulletin_id}"


def site_root() -> str:
    return str(settings.SITE_URL or "").rstrip("/")


def media_url(bulletin_id: int) -> str:
    return site_root() + reverse("device-media", args=[bulletin_id])


def current_plays(device: Device, now: dt.datetime) -> list[Play]:
    target = target_of(device)
    if target is None:
        return []
    return playlist(target, now, dt.timedelta(hours=manifest_hours()))


def _items(plays: list[Play]) -> list[dict[str, Any]]:
    bulletins = Bulletin.objects.in_bulk({p.bulletin_id for p in plays})
    items = []
    for play in plays:
        items.append({
            "play_id": play_id(play),
            "bulletin_id": play.bulletin_id,
            "title": play.title,
            "start": utc(play.start),
            "end": utc(play.end),
            "duration_ms": round(play.seconds * 1000),
            "priority": play.priority,
            "media": media_item(bulletins[play.bulletin_id], play.audio_sha256),
        })  # fmt: skip
    return items


def media_item(bulletin: Bulletin, sha256: str) -> dict[str, Any]:
    """The ``media`` object of §4.1 (also in play-now commands and emergencies)."""
    return {
        "url": media_url(bulletin.pk),
        "size": bulletin.audio.size,
        "sha256": sha256,
        "content_type": mimetypes.guess_type(bulletin.audio.name or "")[0]
        or "application/octet-stream",
    }


def _content(device: Device, items: list[dict[str, Any]]) -> dict[str, Any]:
    target = target_of(device)
    station = station_of(device)
    return {
        "device_id": device.pk,
        "station_id": station.pk if station else None,
        "cluster_id": target.pk if isinstance(target, Cluster) else None,
        "timezone": station.timezone if station else "Asia/Ho_Chi_Minh",
        "items": items,
        # During a key rotation (§2.1), the keys the device must trust from now on.
        **({"keys": ring} if (ring := key_ring.announced()) else {}),
    }


def settle_version(row: Any, digest: str, now: dt.datetime) -> None:
    """Keep the manifest version of ``row`` (a ``Device``, or a board's ``BoardState``:
    both have the four ``manifest_*`` fields), or move it (once, even under races)."""
    lifetime = dt.timedelta(hours=manifest_hours())
    fresh = (
        row.manifest_valid_until is not None
        and row.manifest_valid_until - now > lifetime / 2
    )
    if row.manifest_digest == digest and fresh:
        return
    rows = type(row)._default_manager.filter(pk=row.pk, manifest_version=row.manifest_version)
    moved = rows.update(
        manifest_version=F("manifest_version") + 1, manifest_digest=digest,
        manifest_issued_at=now, manifest_valid_until=now + lifetime,
    )  # fmt: skip
    row.refresh_from_db(fields=["manifest_version", "manifest_digest", "manifest_issued_at",
                                "manifest_valid_until"])
    if not moved and row.manifest_digest != digest:
        settle_version(row, digest, now)


def etag_for(device_id: int, version: int) -> str:
    return f'"m{device_id}-{version}"'


def cache_key(pk: int, token_hash: str, unit_id: int, cluster_id: int | None,
              ring: str) -> str:
    """Where a device's manifest is cached: from the row its token finds (the API view
    and ``poll_wsgi`` both have it). The token's hash tells apart two devices that
    reused one id (tests, restored backups); a new token recomputes the manifest once,
    with the same version and bytes (``settle_version``). 16 of its hex digits are
    plenty for that and keep the key under the 250 characters caches warn past, with
    three signing keys announced in ``ring``."""
    return f"devices:manifest:{pk}:{token_hash[:16]}:{unit_id}:{cluster_id}:{ring}"


def cached(key: str, version: int, now: dt.datetime) -> Manifest | None:
    """The manifest kept under ``key`` if it is still the current one for a device at
    manifest ``version``: nothing it is made of changed (``freshness``), no play
    ended or entered, the version did not move. The one rule both the API view and
    the WSGI fast path (``poll_wsgi``) answer by."""
    kept = caches["default"].get(key)
    if kept is None:
        return None
    made_in, manifest = kept
    if made_in == freshness.generation() and now < manifest.fresh_until \
            and manifest.version == version:
        return manifest
    return None


def manifest_for(device: Device, now: dt.datetime) -> Manifest:
    """The device's current manifest, signed (same bytes while nothing changed),
    from the cache while ``freshness`` says it is still current."""
    key_id = signing.key_id()
    key = cache_key(device.pk, device.token_hash, device.unit_id, device.cluster_id,
                    key_ring.ring_id())
    current = freshness.generation()
    kept = cached(key, device.manifest_version, now)
    if kept is not None:
        return kept
    made = _compute(device, now, key_id)
    caches["default"].set(key, (current, made), timeout=MAX_CACHE_SECONDS)
    published.refresh(device, made)  # nginx serves the new bytes from now on (§4.5)
    return made


MAX_CACHE_SECONDS = int(freshness.MAX_REUSE.total_seconds())


def _compute(device: Device, now: dt.datetime, key_id: str) -> Manifest:
    plays = current_plays(device, now)
    content = _content(device, _items(plays))
    settle_version(device, hashlib.sha256(signing.canonical(content)).hexdigest(), now)
    assert device.manifest_issued_at is not None and device.manifest_valid_until is not None
    body = signing.canonical({
        "format": FORMAT,
        **content,
        "version": device.manifest_version,
        "issued_at": utc(device.manifest_issued_at),
        "valid_until": utc(device.manifest_valid_until),
    })  # fmt: skip
    lifetime = dt.timedelta(hours=manifest_hours())
    fresh_until = min([now + freshness.MAX_REUSE, device.manifest_issued_at + lifetime / 2,
                       *(p.end for p in plays if p.end > now)])
    return Manifest(device.pk, device.manifest_version,
                    etag_for(device.pk, device.manifest_version), body, signing.sign(body),
                    key_id, frozenset(p.bulletin_id for p in plays), fresh_until)


def bulletin_in_manifest(device: Device, bulletin_id: int, now: dt.datetime) -> bool:
    return bulletin_id in manifest_for(device, now).bulletin_ids


def station_of(device: Device) -> Station | None:
    target = target_of(device)
    return target.station if isinstance(target, Cluster) else target


def bulletins_of(device: Device, ids: set[int]) -> set[int]:
    """Which of ``ids`` the device's station has had to play (programme, schedule or
    aired): what a device may name in its reports. Anything else stays a bare
    number, so a device cannot make another unit's bulletin show on this unit's pages.
    """
    station = station_of(device)
    if station is None or not ids:
        return set()
    found = set(Schedule.objects.filter(station=station, bulletin_id__in=ids)
                .values_list("bulletin_id", flat=True))
    found |= set(Entry.objects.filter(programme__slot__station=station, bulletin_id__in=ids)
                 .values_list("bulletin_id", flat=True))
    return found
