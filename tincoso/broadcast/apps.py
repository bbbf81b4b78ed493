from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastConfig(AppConfig):
    """Loudspeakers: radio bulletins, Vietnamese speech, stations and programmes.

    Split into rooms: ``bulletins`` (what is said, its audio and approval),
    ``stations`` (who plays it when: stations, clusters, programmes, inboxes by
    the TT 39/2020 priorities) and ``reading`` (how written Vietnamese is read
    aloud). ``devices`` (loudspeaker clusters and boards: the HTTP protocol, and
    MQTT push with its broker and uplink worker)."""

    name = "tincoso.broadcast"
    label = "broadcast"
    verbose_name = _("Truyền thanh cơ sở")
    nav = [("bulletin-list", _("Truyền thanh"))]
    staff_item_links = [("bulletin-from-item", _("Phát trên loa"))]
    document_actions = [("bulletin-new", _("Phát trên loa"))]
    todo = ["tincoso.broadcast.bulletins.todo.approvals"]
    urls = "tincoso.broadcast.urls"
    api_urls = "tincoso.broadcast.api_urls"
    demo_loader = "tincoso.broadcast.demo.load_demo"
    # What aired is recorded as it passes, so the roll-up's own catch-up
    # (stations.aired.figures_into) finds every station fresh: one query, no writes.
    periodic = [("tincoso.broadcast.stations.aired.record_aired", 60),
                # Offline alerts (devices.monitoring): once per outage, and "back online".
                ("tincoso.broadcast.devices.monitoring.check_offline", 60),
                # Manifests nginx serves (DEVICE_MANIFEST_DIR): a play ending moves them.
                ("tincoso.broadcast.devices.published.publish_all", 15)]
    health_checks = ["tincoso.broadcast.devices.mqtt_metrics.broker_ready"]
    metrics = ["tincoso.broadcast.devices.mqtt_metrics.metrics"]
