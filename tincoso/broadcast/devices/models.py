"""Devices: IP loudspeaker clusters and electronic boards, their enrolment codes and
the plays they prove.

A device belongs to one unit (whose officers manage it) and, for a loudspeaker,
optionally to one ``Cluster`` of a station (what it plays is that cluster's
playlist; without one, the playlist of the station of its unit or the nearest unit
above). Its credential is a random 32-byte token shown once; only its SHA-256 is
stored (``credentials.py`` says why not argon2). ``manifest_*`` fields remember the
last manifest issued, so its version only moves when its content does.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.stations.models import Cluster
from tincoso.units.models import Unit

__all__ = ["Device", "EnrolmentCode", "ProofOfPlay"]


class Device(models.Model):
    class Kind(models.TextChoices):
        LOUDSPEAKER = "loudspeaker", _("Cụm loa")
        BOARD = "board", _("Bảng tin điện tử")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="devices", verbose_name=_("đơn vị")
    )
    kind = models.CharField(_("loại thiết bị"), max_length=16, choices=Kind.choices)
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("cụm loa"),
    )
    name = models.CharField(_("tên thiết bị"), max_length=255)
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )  # fmt: skip
    group = models.CharField(_("nhóm"), max_length=64, blank=True)
    model = models.CharField(_("kiểu máy"), max_length=128, blank=True)
    firmware = models.CharField(_("phiên bản phần mềm"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Credential: SHA-256 (hex) of the current token; empty when none was issued.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    token_issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The last manifest issued (version moves only when the content does).
    manifest_version = models.PositiveBigIntegerField(default=0, editable=False)
    manifest_digest = models.CharField(max_length=64, blank=True, editable=False)
    manifest_issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    manifest_valid_until = models.DateTimeField(null=True, blank=True, editable=False)
    # The unguessable file name of its published manifest (``published.py``), empty
    # when none is published; cleared on rotation and revocation.
    manifest_path = models.CharField(max_length=64, blank=True, editable=False)

    # Status, from the last heartbeat.
    last_seen = models.DateTimeField(_("lần cuối liên lạc"), null=True, blank=True, db_index=True)
    playing_play_id = models.CharField(max_length=64, blank=True)
    playing_bulletin = models.ForeignKey(
        Bulletin, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    volume = models.PositiveSmallIntegerField(null=True, blank=True)
    power = models.CharField(max_length=8, blank=True)
    free_disk_mb = models.PositiveIntegerField(null=True, blank=True)
    signal_dbm = models.SmallIntegerField(null=True, blank=True)
    clock_skew_ms = models.BigIntegerField(null=True, blank=True)
    reported_manifest_version = models.PositiveBigIntegerField(null=True, blank=True)
    faults = models.JSONField(default=list, blank=True)
    # The signing key ids the device trusts (§2.1), from its heartbeats: sorted, comma
    # separated (16 hex digits each, so ``__contains`` finds one on every database);
    # empty until it reports them.
    reported_key_ids = models.CharField(max_length=300, blank=True, editable=False)

    # MQTT (docs/device-protocol.md §9): the retained status (last will), the desired
    # state officers set and its sequence, and which token the broker holds.
    mqtt_online = models.BooleanField(null=True, blank=True, editable=False)
    mqtt_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    desired_volume = models.PositiveSmallIntegerField(
        _("âm lượng đặt"), default=70, validators=[MaxValueValidator(100)])
    desired_power = models.CharField(_("nguồn điện"), max_length=8, default="on")
    desired_mode = models.CharField(_("chế độ"), max_length=8, default="normal")
    desired_seq = models.PositiveBigIntegerField(default=0, editable=False)
    desired_digest = models.CharField(max_length=64, blank=True, editable=False)
    broker_token_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("thiết bị")
        verbose_name_plural = _("thiết bị")
        ordering = ["unit__path", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict[str, int]:
        return {"unit_id": self.unit_id}


class EnrolmentCode(models.Model):
    """A one-time code an officer gives a device (typed or scanned as a QR code): the
    device trades it once, before ``expires_at``, for its credential. Only the code's
    SHA-256 is kept."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.device_id} {self.expires_at:%Y-%m-%d %H:%M}"


class ProofOfPlay(models.Model):
    """One play a device says it did, as it reported it (once: ``play_id`` is the
    device's own id of the play, the manifest's ``play_id`` for scheduled plays).

    Kept apart from ``stations.AiredPlay``: an aired play is what the station's
    timeline planned (one row per station, bulletin and start), written by the
    system; a proof is evidence from one device, and a station has several
    clusters, each of which proves (or fails to prove) the same planned play.
    The two meet on (station, bulletin, start) when the roll-up wants
    "plays done vs scheduled"."""

    class Status(models.TextChoices):
        COMPLETED = "completed", _("Đã phát xong")
        INTERRUPTED = "interrupted", _("Bị ngắt")
        FAILED = "failed", _("Không phát được")

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="plays")
    play_id = models.CharField(max_length=64)
    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_bulletin_id = models.PositiveBigIntegerField()
    started_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices)
    manifest_version = models.PositiveBigIntegerField(null=True, blank=True)
    received_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "play_id"], name="one_proof_per_device_play")
        ]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.play_id}"


# What a device reports and what the system derives change every minute: not audited.
REPORTED_FIELDS = [
    "token_hash", "last_seen", "playing_play_id", "playing_bulletin", "volume", "power",
    "free_disk_mb", "signal_dbm", "clock_skew_ms", "reported_manifest_version", "faults",
    "firmware", "manifest_version", "manifest_digest", "manifest_issued_at",
    "manifest_valid_until", "manifest_path", "reported_key_ids", "mqtt_online",
    "mqtt_changed_at", "desired_seq", "desired_digest", "broker_token_hash",
]  # fmt: skip


def _register() -> None:
    """People's changes to devices (registration, rotation, revocation, codes) go to the
    audit log; cached manifests go stale when what plays changes (``freshness.py``)."""
    from auditlog.registry import auditlog

    from tincoso.broadcast.devices import freshness

    if not auditlog.contains(Device):
        auditlog.register(Device, exclude_fields=REPORTED_FIELDS)
    if not auditlog.contains(EnrolmentCode):
        auditlog.register(EnrolmentCode, exclude_fields=["code_hash"])
    freshness.connect()


_register()
